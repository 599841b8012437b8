/**
 * The checkout state machine run in-process by the ASL interpreter, with an in-memory orders table, an
 * in-memory event bus and simulated payment and shipping services that answer through the task-token
 * callback. Used by the checkout branch tests, the benchmarks and `npm start -- --in-process`.
 */
import type { JsonValue, StateMachineDefinition } from "../asl/definition";
import {
  InMemoryDynamoDb, InMemoryEventBus, Interpreter, StatesError, VirtualClock,
  type EventBusFault, type Execution, type InjectedFault, type InMemoryDynamoDbTable, type PutEventsEntry, type StateMocks, type TaskRequest,
} from "../asl/interpreter";
import { checkoutStateMachine, type CheckoutResources } from "../workflows/checkout";
import { ORDERS_TABLE_KEY, PAYMENT_ROUTE, SHIPPING_ROUTE, type Order, type ServiceRequestBody } from "../workflows/checkout-contract";

/**
 * How a simulated service behaves: a string is the Status it sends back with SendTaskSuccess (known or
 * not); `answer` sends any output; `timeout` never calls back; `taskFailure` calls SendTaskFailure;
 * `requestError` makes the API Gateway call itself fail with that error (e.g. `ApiGateway.502`): on every
 * call, or, with `times`, on the first `times` calls only, the service then behaving as `afterwards`.
 */
export type ServiceBehaviour =
  | string
  | { answer: JsonValue }
  | { timeout: true }
  | { taskFailure: { error: string; cause?: string } }
  | { requestError: string; times?: number; afterwards?: ServiceBehaviour };

export interface CheckoutRunOptions {
  payment?: ServiceBehaviour;
  shipping?: ServiceBehaviour;
  /**
   * Faults of the orders table, e.g. `{ operation: "putItem", error: "DynamoDB.AmazonDynamoDBException" }`;
   * with `when: "after"` the call takes effect and only its answer is the error.
   */
  dynamoDbFaults?: InjectedFault[];
  eventBusFaults?: EventBusFault[];
  /** Step Functions Local style answers by state name (they replace the integration for that state). */
  mocks?: StateMocks;
  /** Execution name (default: a fresh UUID). */
  name?: string;
}

export interface CheckoutRunResult {
  status: Execution["status"];
  /** State names in the order they were entered. */
  statesVisited: string[];
  /** The PutEvents entries this execution sent, in order. */
  events: PutEventsEntry[];
  /** The order's item after the run, attribute values unwrapped to strings; undefined if none. */
  tableItem: Record<string, string> | undefined;
  output: JsonValue | undefined;
  error: string | undefined;
  cause: string | undefined;
  /** Choice rules, Defaults and Catchers taken (ids of asl/interpreter coverage). */
  takenBranches: string[];
  /** The bodies the payment and shipping routes received. */
  serviceRequests: { route: string; body: ServiceRequestBody }[];
  execution: Execution;
}

export const IN_PROCESS_RESOURCES: CheckoutResources = {
  ordersTableName: "orders",
  eventBusName: "checkout-bus",
  apiEndpoint: "local.execute-api.localhost",
  apiStage: "local",
};

/** The account and region the in-process interpreter names its ARNs with. */
export const IN_PROCESS_ACCOUNT = { region: "us-east-1", accountId: "123456789012" } as const;
/** Name of the in-process state machine. */
export const IN_PROCESS_STATE_MACHINE_NAME = "Checkout";

/** `$$.Execution.Id` of the in-process execution of this name (what "Record Order" stores as execution_id). */
export function inProcessExecutionArn(name: string): string {
  return `arn:aws:states:${IN_PROCESS_ACCOUNT.region}:${IN_PROCESS_ACCOUNT.accountId}:execution:${IN_PROCESS_STATE_MACHINE_NAME}:${name}`;
}

export interface InProcessCheckoutSetup {
  resources?: Partial<CheckoutResources>;
  /** False keeps no execution history (for throughput runs). */
  recordHistory?: boolean;
  /** False forgets finished executions (for throughput runs). */
  retainExecutions?: boolean;
  /** Random source of retry jitter (pin it for reproducible timestamps). */
  random?: () => number;
}

/** A compiled checkout with its own table and bus; `run` may be called many times, also concurrently. */
export class InProcessCheckout {
  readonly definition: StateMachineDefinition;
  readonly interpreter: Interpreter;
  readonly dynamodb = new InMemoryDynamoDb();
  readonly table: InMemoryDynamoDbTable;
  readonly bus = new InMemoryEventBus();
  private readonly resources: CheckoutResources;
  private readonly behaviours = new Map<string, { payment?: ServiceBehaviour; shipping?: ServiceBehaviour; requests: { route: string; body: ServiceRequestBody }[] }>();
  private readonly stateMachine;

  constructor(setup: InProcessCheckoutSetup = {}) {
    this.resources = { ...IN_PROCESS_RESOURCES, ...setup.resources };
    this.definition = checkoutStateMachine(this.resources).toJSON();
    this.table = this.dynamodb.createTable(this.resources.ordersTableName, ORDERS_TABLE_KEY);
    this.interpreter = new Interpreter({
      clock: new VirtualClock(),
      ...IN_PROCESS_ACCOUNT,
      recordHistory: setup.recordHistory ?? true,
      retainExecutions: setup.retainExecutions ?? true,
      ...(setup.random ? { random: setup.random } : {}),
      integrations: {
        ...this.dynamodb.integrations(),
        ...this.bus.integrations(),
        "arn:aws:states:::apigateway:invoke": (request) => this.service(request),
      },
    });
    this.stateMachine = this.interpreter.createStateMachine(this.definition, { name: IN_PROCESS_STATE_MACHINE_NAME });
  }

  async run(order: Order | JsonValue, options: CheckoutRunOptions = {}): Promise<CheckoutRunResult> {
    for (const f of options.dynamoDbFaults ?? []) this.dynamodb.injectFault(f);
    for (const f of options.eventBusFaults ?? []) this.bus.injectFault(f);
    const execution = this.interpreter.startExecution(this.stateMachine, order as JsonValue, {
      ...(options.name ? { name: options.name } : {}),
      ...(options.mocks ? { mocks: options.mocks } : {}),
    });
    const record = { payment: options.payment, shipping: options.shipping, requests: [] as { route: string; body: ServiceRequestBody }[] };
    this.behaviours.set(execution.executionArn, record);
    const result = await execution.done;
    this.behaviours.delete(execution.executionArn);
    const cartId = order && typeof order === "object" && !Array.isArray(order) ? order.CartId : undefined;
    const item = typeof cartId === "string" ? this.table.get({ [ORDERS_TABLE_KEY]: { S: cartId } }) : undefined;
    return {
      status: result.status,
      statesVisited: execution.statesVisited,
      events: this.bus.entriesOf(execution.executionArn),
      tableItem: item ? Object.fromEntries(Object.entries(item).map(([k, v]) => [k, typeof v.S === "string" ? v.S : JSON.stringify(v)])) : undefined,
      output: result.output,
      error: result.error,
      cause: result.cause,
      takenBranches: [...execution.takenBranches],
      serviceRequests: record.requests,
      execution,
    };
  }

  /** The simulated payment and shipping services behind `apigateway:invoke`. */
  private service(request: TaskRequest): JsonValue {
    const input = request.input as { Path?: string; RequestBody?: ServiceRequestBody };
    const route = input.Path ?? "";
    const record = this.behaviours.get(request.executionArn);
    const configured = route === PAYMENT_ROUTE ? record?.payment : route === SHIPPING_ROUTE ? record?.shipping : undefined;
    if (!record || configured === undefined) throw new StatesError("ApiGateway.404", `No simulated service answers POST ${route}`);
    const calls = record.requests.filter((r) => r.route === route).length;
    if (input.RequestBody) record.requests.push({ route, body: input.RequestBody });
    const behaviour = currentBehaviour(configured, calls);
    if (behaviour === undefined) throw new StatesError("ApiGateway.404", `The simulated ${route} service has no answer after its request errors`);
    if (typeof behaviour === "object" && "requestError" in behaviour) throw new StatesError(behaviour.requestError, `The simulated ${route} service refused the request`);
    const token = request.taskToken;
    if (!token) throw new StatesError("ApiGateway.400", `POST ${route} without a task token`);
    const callbacks = request.callbacks;
    // Answer after the request returns, as the real service does, but before the virtual clock moves.
    if (typeof behaviour === "string") queueMicrotask(() => callbacks.sendTaskSuccess(token, { Status: behaviour }));
    else if ("answer" in behaviour) queueMicrotask(() => callbacks.sendTaskSuccess(token, behaviour.answer));
    else if ("taskFailure" in behaviour) queueMicrotask(() => callbacks.sendTaskFailure(token, behaviour.taskFailure.error, behaviour.taskFailure.cause));
    return { StatusCode: 200, StatusText: "OK", ResponseBody: { accepted: true } };
  }
}

/** How the service behaves on the call after `earlierCalls` calls: a limited request error wears off. */
function currentBehaviour(behaviour: ServiceBehaviour, earlierCalls: number): ServiceBehaviour | undefined {
  if (typeof behaviour !== "object" || !("requestError" in behaviour) || behaviour.times === undefined || earlierCalls < behaviour.times) return behaviour;
  return behaviour.afterwards === undefined ? undefined : currentBehaviour(behaviour.afterwards, earlierCalls - behaviour.times);
}

/** One run of the checkout on a fresh table and bus. */
export function runCheckoutInProcess(order: Order | JsonValue, options: CheckoutRunOptions = {}): Promise<CheckoutRunResult> {
  return new InProcessCheckout().run(order, options);
}
