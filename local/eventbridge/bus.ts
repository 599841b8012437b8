/**
 * A local EventBridge bus: PutEvents entries become events in EventBridge's envelope, every rule whose
 * pattern matches delivers the event (as JSON, like an SQS target receives it) to its targets.
 */
import { randomUUID } from "node:crypto";
import { compilePattern, type EventPattern, type EventPredicate } from "./pattern";

/** A PutEvents request entry, as @aws-sdk/client-eventbridge and the Step Functions integration send it. */
export interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  /** JSON text (AWS API) or an object (the Step Functions optimized integration accepts both). */
  Detail?: string | Record<string, unknown>;
  EventBusName?: string;
  Resources?: string[];
  Time?: string | Date;
}

export interface PutEventsResultEntry {
  EventId?: string;
  ErrorCode?: string;
  ErrorMessage?: string;
}

export interface PutEventsResult {
  FailedEntryCount: number;
  Entries: PutEventsResultEntry[];
}

/** The event as rules and targets see it. */
export interface BusEvent {
  version: "0";
  id: string;
  "detail-type": string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export type EventTarget = (event: BusEvent) => void | Promise<void>;

export interface BusRule {
  name: string;
  eventPattern: EventPattern;
  targets: EventTarget[];
}

export interface BusOptions {
  name: string;
  region?: string;
  accountId?: string;
}

export class LocalEventBus {
  readonly name: string;
  readonly arn: string;
  private readonly region: string;
  private readonly accountId: string;
  private readonly rules: Array<{ name: string; matches: EventPredicate; targets: EventTarget[] }> = [];
  /** Every accepted event, matched or not, in order (what CloudWatch's archive would show). */
  readonly received: BusEvent[] = [];

  constructor(options: BusOptions) {
    this.name = options.name;
    this.region = options.region ?? "us-east-1";
    this.accountId = options.accountId ?? "000000000000";
    this.arn = `arn:aws:events:${this.region}:${this.accountId}:event-bus/${this.name}`;
  }

  /** Adds a rule; its pattern is checked now, so a bad one fails at start-up with the rule's name. */
  addRule(rule: BusRule): void {
    try {
      this.rules.push({ name: rule.name, matches: compilePattern(rule.eventPattern), targets: rule.targets });
    } catch (error) {
      throw new Error(`rule ${rule.name} on bus ${this.name}: ${(error as Error).message}`);
    }
  }

  /** PutEvents: validates each entry as EventBridge does, delivers the valid ones, reports per entry. */
  async putEvents(entries: PutEventsEntry[]): Promise<PutEventsResult> {
    const results: PutEventsResultEntry[] = [];
    const deliveries: Promise<void>[] = [];
    for (const entry of entries) {
      const checked = this.checkEntry(entry);
      if ("problem" in checked) {
        results.push({ ErrorCode: "MalformedDetail", ErrorMessage: checked.problem });
        continue;
      }
      const event = this.toEvent(entry, checked.detail);
      this.received.push(event);
      results.push({ EventId: event.id });
      for (const rule of this.rules) {
        if (rule.matches(event)) deliveries.push(...rule.targets.map(async (target) => target(event)));
      }
    }
    await Promise.all(deliveries);
    return { FailedEntryCount: results.filter((r) => r.ErrorCode).length, Entries: results };
  }

  /** The entry's problem as EventBridge words it, or its Detail as an object (parsed once, here). */
  private checkEntry(entry: PutEventsEntry): { problem: string } | { detail: Record<string, unknown> } {
    if (entry.EventBusName && entry.EventBusName !== this.name && entry.EventBusName !== this.arn) {
      return { problem: `event bus ${entry.EventBusName} does not exist (local bus is ${this.name})` };
    }
    if (!entry.Source) return { problem: "Source is required" };
    if (!entry.DetailType) return { problem: "DetailType is required" };
    if (entry.Detail === undefined) return { problem: "Detail is required" };
    if (typeof entry.Detail !== "string") return { detail: entry.Detail };
    let parsed: unknown;
    try {
      parsed = JSON.parse(entry.Detail);
    } catch {
      return { problem: "Detail is not valid JSON" };
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return { problem: "Detail must be a JSON object" };
    return { detail: parsed as Record<string, unknown> };
  }

  private toEvent(entry: PutEventsEntry, detail: Record<string, unknown>): BusEvent {
    const time = entry.Time ? new Date(entry.Time) : new Date();
    return {
      version: "0",
      id: randomUUID(),
      "detail-type": entry.DetailType ?? "",
      source: entry.Source ?? "",
      account: this.accountId,
      // EventBridge keeps second precision in `time`.
      time: time.toISOString().replace(/\.\d{3}Z$/, "Z"),
      region: this.region,
      resources: entry.Resources ?? [],
      detail,
    };
  }
}
