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
      const problem = this.entryProblem(entry);
      if (problem) {
        results.push({ ErrorCode: "MalformedDetail", ErrorMessage: problem });
        continue;
      }
      const event = this.toEvent(entry);
      this.received.push(event);
      results.push({ EventId: event.id });
      for (const rule of this.rules) {
        if (rule.matches(event)) deliveries.push(...rule.targets.map(async (target) => target(event)));
      }
    }
    await Promise.all(deliveries);
    return { FailedEntryCount: results.filter((r) => r.ErrorCode).length, Entries: results };
  }

  private entryProblem(entry: PutEventsEntry): string | undefined {
    if (entry.EventBusName && entry.EventBusName !== this.name && entry.EventBusName !== this.arn) {
      return `event bus ${entry.EventBusName} does not exist (local bus is ${this.name})`;
    }
    if (!entry.Source) return "Source is required";
    if (!entry.DetailType) return "DetailType is required";
    if (entry.Detail === undefined) return "Detail is required";
    if (typeof entry.Detail === "string") {
      try {
        const parsed: unknown = JSON.parse(entry.Detail);
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return "Detail must be a JSON object";
      } catch {
        return "Detail is not valid JSON";
      }
    }
    return undefined;
  }

  private toEvent(entry: PutEventsEntry): BusEvent {
    const detail = typeof entry.Detail === "string" ? (JSON.parse(entry.Detail) as Record<string, unknown>) : (entry.Detail ?? {});
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
