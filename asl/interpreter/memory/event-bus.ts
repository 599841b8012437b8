/**
 * An in-memory EventBridge for `arn:aws:states:::events:putEvents`: records every entry as sent, so
 * tests can assert exactly which events an execution emitted.
 */
import type { JsonValue } from "../../definition";
import { StatesError } from "../errors";
import type { Integrations, TaskRequest } from "../integrations";

export interface PutEventsEntry {
  Source: string;
  DetailType: string;
  /** As the state machine passed it: Step Functions accepts an object (it serialises it) or a JSON string. */
  Detail: JsonValue;
  EventBusName: string;
  Resources?: JsonValue;
}

/** A fault to inject: the next `times` PutEvents calls (with an entry of `detailType`, if given) fail. */
export interface EventBusFault {
  error: string;
  cause?: string;
  times?: number;
  detailType?: string;
}

export class InMemoryEventBus {
  /** Every accepted entry, in order. */
  readonly entries: PutEventsEntry[] = [];
  private readonly bySender = new Map<string, PutEventsEntry[]>();
  private readonly faults: EventBusFault[] = [];
  private counter = 0;

  injectFault(fault: EventBusFault): void {
    this.faults.push({ ...fault, times: fault.times ?? 1 });
  }

  /** The entries one execution sent. */
  entriesOf(executionArn: string): PutEventsEntry[] {
    return this.bySender.get(executionArn) ?? [];
  }

  /** Forgets one execution's entries (`entries` keeps them). */
  forget(executionArn: string): void {
    this.bySender.delete(executionArn);
  }

  clear(): void {
    this.entries.length = 0;
    this.bySender.clear();
  }

  integrations(): Integrations {
    const h = (req: TaskRequest): JsonValue => this.putEvents(req.input, req.executionArn);
    return { "arn:aws:states:::events:putEvents": h };
  }

  putEvents(input: JsonValue, sender = ""): JsonValue {
    const entries = input && typeof input === "object" && !Array.isArray(input) ? input.Entries : undefined;
    if (!Array.isArray(entries) || entries.length === 0 || entries.length > 10) {
      throw new StatesError("EventBridge.AmazonEventBridgeException", `PutEvents needs Entries, an array of 1 to 10 entries, got ${JSON.stringify(entries)} (Service: EventBridge, Status Code: 400, Error Code: ValidationException)`);
    }
    const fault = this.faults.find((f) => !f.detailType || entries.some((e) => e && typeof e === "object" && !Array.isArray(e) && e.DetailType === f.detailType));
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
      throw new StatesError(fault.error, fault.cause ?? `Injected ${fault.error}`);
    }
    const accepted: PutEventsEntry[] = entries.map((e, i) => {
      if (!e || typeof e !== "object" || Array.isArray(e) || typeof e.Source !== "string" || typeof e.DetailType !== "string" || e.Detail === undefined) {
        throw new StatesError("EventBridge.AmazonEventBridgeException", `PutEvents entry ${i} needs Source, DetailType and Detail: ${JSON.stringify(e)} (Service: EventBridge, Status Code: 400, Error Code: ValidationException)`);
      }
      return {
        Source: e.Source, DetailType: e.DetailType, Detail: e.Detail,
        EventBusName: typeof e.EventBusName === "string" ? e.EventBusName : "default",
        ...(e.Resources !== undefined ? { Resources: e.Resources } : {}),
      };
    });
    let own = this.bySender.get(sender);
    if (!own) this.bySender.set(sender, (own = []));
    for (const e of accepted) {
      this.entries.push(e);
      own.push(e);
    }
    return { Entries: accepted.map(() => ({ EventId: `event-${++this.counter}` })), FailedEntryCount: 0 };
  }
}
