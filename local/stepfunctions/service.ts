/**
 * The Step Functions API operations local mode serves, over any ExecutionEngine: state machines are
 * registered up front (or with CreateStateMachine); executions are started, named and deduplicated by
 * the engine, as AWS does, and listed and described here.
 */
import type { StateMachineDefinition } from "../../asl/definition";
import { nameProblem, SfnApiError } from "../../asl/interpreter";
import type { EngineExecution, ExecutionEngine, ExecutionStatus, HistoryEventRecord } from "./engine";

export interface ServiceOptions {
  region?: string;
  accountId?: string;
}

interface StateMachineRecord {
  arn: string;
  name: string;
  definition: StateMachineDefinition;
  roleArn: string;
  creationDate: Date;
}

interface ExecutionRecord {
  stateMachineArn: string;
  run: EngineExecution;
}

type Json = Record<string, unknown>;

export class StepFunctionsService {
  readonly region: string;
  readonly accountId: string;
  private readonly machines = new Map<string, StateMachineRecord>();
  private readonly executions = new Map<string, ExecutionRecord>();

  constructor(
    private readonly engine: ExecutionEngine,
    options: ServiceOptions = {},
  ) {
    this.region = options.region ?? "us-east-1";
    this.accountId = options.accountId ?? "000000000000";
  }

  /** Registers a state machine as if deployed; returns its ARN. */
  register(name: string, definition: StateMachineDefinition, roleArn = `arn:aws:iam::${this.accountId}:role/${name}-role`): string {
    const problem = nameProblem(name);
    if (problem !== undefined) throw new SfnApiError("InvalidName", `Invalid Name: state machine name '${name}': ${problem}`);
    const arn = `arn:aws:states:${this.region}:${this.accountId}:stateMachine:${name}`;
    if (this.machines.has(arn)) throw new SfnApiError("StateMachineAlreadyExists", `State Machine Already Exists: '${arn}'`);
    this.machines.set(arn, { arn, name, definition, roleArn, creationDate: new Date() });
    return arn;
  }

  /** Dispatches one API call by operation name, with its JSON request body. */
  async call(operation: string, request: Json): Promise<Json> {
    switch (operation) {
      case "StartExecution": return this.startExecution(request);
      case "DescribeExecution": return this.describeExecution(request);
      case "ListExecutions": return this.listExecutions(request);
      case "GetExecutionHistory": return this.getExecutionHistory(request);
      case "StopExecution": return this.stopExecution(request);
      case "SendTaskSuccess":
        this.engine.sendTaskSuccess(requireString(request, "taskToken"), parseJsonField(request, "output", "InvalidOutput"));
        return {};
      case "SendTaskFailure":
        this.engine.sendTaskFailure(requireString(request, "taskToken"), optionalString(request, "error"), optionalString(request, "cause"));
        return {};
      case "SendTaskHeartbeat":
        this.engine.sendTaskHeartbeat(requireString(request, "taskToken"));
        return {};
      case "CreateStateMachine": return this.createStateMachine(request);
      case "DescribeStateMachine": return this.describeStateMachine(request);
      case "ListStateMachines": return this.listStateMachines(request);
      default:
        throw new SfnApiError("UnknownOperationException", `local Step Functions does not implement ${operation}`);
    }
  }

  /** The record of an execution, for in-process callers (tests, npm start). */
  execution(executionArn: string): EngineExecution {
    return this.findExecution(executionArn).run;
  }

  async shutdown(): Promise<void> {
    await this.engine.shutdown();
  }

  private startExecution(request: Json): Json {
    const machine = this.findMachine(requireString(request, "stateMachineArn"));
    const name = optionalString(request, "name");
    const input = optionalString(request, "input") ?? "{}";
    // The engine answers a repeated name as AWS does: the running execution itself, or ExecutionAlreadyExists.
    const run = this.engine.start(machine.definition, input, { stateMachineArn: machine.arn, ...(name !== undefined ? { name } : {}) });
    if (!this.executions.has(run.executionArn)) this.executions.set(run.executionArn, { stateMachineArn: machine.arn, run });
    return { executionArn: run.executionArn, startDate: run.startDate };
  }

  private describeExecution(request: Json): Json {
    const record = this.findExecution(requireString(request, "executionArn"));
    const { run } = record;
    return dropUndefined({
      executionArn: run.executionArn,
      stateMachineArn: record.stateMachineArn,
      name: run.name,
      status: run.status,
      startDate: run.startDate,
      stopDate: run.stopDate,
      input: run.input,
      inputDetails: { included: true },
      output: run.output,
      outputDetails: run.output === undefined ? undefined : { included: true },
      error: run.error,
      cause: run.cause,
    });
  }

  private listExecutions(request: Json): Json {
    const machineArn = requireString(request, "stateMachineArn");
    this.findMachine(machineArn);
    const statusFilter = optionalString(request, "statusFilter") as ExecutionStatus | undefined;
    const all = [...this.executions.values()]
      .filter((e) => e.stateMachineArn === machineArn && (!statusFilter || e.run.status === statusFilter))
      .reverse()
      .map((e) => dropUndefined({
        executionArn: e.run.executionArn,
        stateMachineArn: e.stateMachineArn,
        name: e.run.name,
        status: e.run.status,
        startDate: e.run.startDate,
        stopDate: e.run.stopDate,
      }));
    const { page, nextToken } = paginate(all, request, 100);
    return dropUndefined({ executions: page, nextToken });
  }

  private getExecutionHistory(request: Json): Json {
    const record = this.findExecution(requireString(request, "executionArn"));
    let events: HistoryEventRecord[] = record.run.history();
    if (request.reverseOrder === true) events = [...events].reverse();
    const { page, nextToken } = paginate(events, request, 100);
    return dropUndefined({ events: page, nextToken });
  }

  private stopExecution(request: Json): Json {
    const record = this.findExecution(requireString(request, "executionArn"));
    if (record.run.status === "RUNNING") record.run.stop(optionalString(request, "error"), optionalString(request, "cause"));
    return { stopDate: record.run.stopDate ?? new Date() };
  }

  private createStateMachine(request: Json): Json {
    const name = requireString(request, "name");
    const definition = parseJsonText(requireString(request, "definition"), "InvalidDefinition", "definition");
    if (typeof definition !== "object" || definition === null || !("StartAt" in definition) || !("States" in definition)) {
      throw new SfnApiError("InvalidDefinition", "Invalid State Machine Definition: the definition needs StartAt and States");
    }
    const arn = this.register(name, definition as StateMachineDefinition, optionalString(request, "roleArn"));
    return { stateMachineArn: arn, creationDate: this.machines.get(arn)?.creationDate };
  }

  private describeStateMachine(request: Json): Json {
    const machine = this.findMachine(requireString(request, "stateMachineArn"));
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      status: "ACTIVE",
      definition: JSON.stringify(machine.definition),
      roleArn: machine.roleArn,
      type: "STANDARD",
      creationDate: machine.creationDate,
    };
  }

  private listStateMachines(request: Json): Json {
    const all = [...this.machines.values()].map((m) => ({ stateMachineArn: m.arn, name: m.name, type: "STANDARD", creationDate: m.creationDate }));
    const { page, nextToken } = paginate(all, request, 100);
    return dropUndefined({ stateMachines: page, nextToken });
  }

  private findMachine(arn: string): StateMachineRecord {
    if (!arn.startsWith("arn:aws:states:")) throw new SfnApiError("InvalidArn", `Invalid Arn: '${arn}'`);
    const machine = this.machines.get(arn);
    if (!machine) throw new SfnApiError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${arn}'`);
    return machine;
  }

  private findExecution(arn: string): ExecutionRecord {
    if (!arn.startsWith("arn:aws:states:")) throw new SfnApiError("InvalidArn", `Invalid Arn: '${arn}'`);
    const record = this.executions.get(arn);
    if (!record) throw new SfnApiError("ExecutionDoesNotExist", `Execution Does Not Exist: '${arn}'`);
    return record;
  }
}

function requireString(request: Json, field: string): string {
  const value = request[field];
  if (typeof value !== "string" || value.length === 0) {
    throw new SfnApiError("ValidationException", `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

function optionalString(request: Json, field: string): string | undefined {
  const value = request[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new SfnApiError("ValidationException", `Value at '${field}' must be a string`);
  return value;
}

function parseJsonField(request: Json, field: string, code: string): unknown {
  return parseJsonText(requireString(request, field), code, field);
}

function parseJsonText(text: string, code: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SfnApiError(code, `Invalid ${field}: not JSON (${(error as Error).message})`);
  }
}

function paginate<T>(items: T[], request: Json, defaultSize: number): { page: T[]; nextToken?: string } {
  const maxResults = typeof request.maxResults === "number" && request.maxResults > 0 ? Math.min(request.maxResults, 1000) : defaultSize;
  let offset = 0;
  if (typeof request.nextToken === "string") {
    offset = Number(Buffer.from(request.nextToken, "base64url").toString("utf8"));
    if (!Number.isInteger(offset) || offset < 0) throw new SfnApiError("InvalidToken", "Invalid nextToken");
  }
  const page = items.slice(offset, offset + maxResults);
  const next = offset + maxResults;
  return next < items.length ? { page, nextToken: Buffer.from(String(next)).toString("base64url") } : { page };
}

function dropUndefined(object: Json): Json {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));
}
