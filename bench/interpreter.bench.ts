/**
 * Throughput of the ASL interpreter. Prints:
 *  1. checkout executions per second in-process (task-token callbacks, in-memory table and bus), with
 *     and without history, one at a time and 64 at a time;
 *  2. the same checkout with request-response service calls instead of callbacks (a JSONPath
 *     definition both engines can run), in this interpreter and in aws-local-stepfunctions.
 * Goals (issue 4): 10,000 checkout executions/s, and at least 3x the peer.
 */
import { StateMachine as PeerStateMachine } from "aws-local-stepfunctions";
import type { JsonValue, StateMachineDefinition } from "../asl/definition";
import { InMemoryDynamoDb, InMemoryEventBus, Interpreter, VirtualClock, type TaskRequest } from "../asl/interpreter";
import order from "../events/ExecuteWorkflowEvent.json";
import { InProcessCheckout, IN_PROCESS_RESOURCES } from "../local/in-process-checkout";
import { ORDERS_TABLE_KEY, PAYMENT_ROUTE } from "../workflows/checkout-contract";

// aws-local-stepfunctions 3 calls Promise.withResolvers, which Node 20 lacks.
const promiseWithResolvers = Promise as unknown as { withResolvers?: () => unknown };
promiseWithResolvers.withResolvers ??= () => {
  let resolve!: (v: unknown) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
};

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);

/** Runs `one` back to back (or `parallel` at a time) for SECONDS after a warm-up; returns runs/s. `i` never repeats. */
async function measure(one: (i: number) => Promise<void>, parallel = 1): Promise<number> {
  let i = 0;
  const loop = async (until: number) => {
    while (performance.now() < until) await one(i++);
  };
  await Promise.all(Array.from({ length: parallel }, () => loop(performance.now() + 300)));
  const warm = i;
  const start = performance.now();
  await Promise.all(Array.from({ length: parallel }, () => loop(start + SECONDS * 1000)));
  return (i - warm) / ((performance.now() - start) / 1000);
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(8);

function checkOutcome(ok: boolean, what: string): void {
  if (!ok) throw new Error(`benchmark run went wrong: ${what}`);
}

async function checkoutInProcess(): Promise<number> {
  console.log("checkout (waitForTaskToken callbacks), in-process, in-memory table and bus:");
  let best = 0;
  for (const history of [true, false]) {
    for (const parallel of [1, 64]) {
      const checkout = new InProcessCheckout({ recordHistory: history, retainExecutions: false });
      const rate = await measure(async (i) => {
        const r = await checkout.run({ ...order, CartId: `c${i}` }, { payment: "PaymentSuccessful", shipping: "ShippingSuccessful" });
        checkOutcome(r.status === "SUCCEEDED" && r.events.length === 1, r.status);
        checkout.bus.forget(r.execution.executionArn);
      }, parallel);
      checkout.table.clear();
      best = Math.max(best, rate);
      console.log(`  ${fmt(rate)} executions/s  history ${history ? "on " : "off"}, ${parallel === 1 ? "one at a time" : `${parallel} concurrent`}`);
    }
  }
  return best;
}

/** The checkout with plain request-response service calls answering {Status} at once. */
function callbackFreeCheckout(definition: StateMachineDefinition): StateMachineDefinition {
  const copy = JSON.parse(JSON.stringify(definition)) as StateMachineDefinition;
  for (const state of Object.values(copy.States)) {
    if (state.Type === "Task" && state.Resource.endsWith(".waitForTaskToken")) {
      state.Resource = state.Resource.replace(".waitForTaskToken", "");
      delete state.TimeoutSeconds;
      const body = (state.Parameters as { RequestBody: Record<string, JsonValue> }).RequestBody;
      delete body["taskToken.$"];
    }
  }
  return copy;
}

function services() {
  const db = new InMemoryDynamoDb();
  const table = db.createTable(IN_PROCESS_RESOURCES.ordersTableName, ORDERS_TABLE_KEY);
  const bus = new InMemoryEventBus();
  const api = (input: JsonValue): JsonValue => ({ Status: (input as { Path: string }).Path === PAYMENT_ROUTE ? "PaymentSuccessful" : "ShippingSuccessful" });
  return { db, table, bus, api };
}

async function peerComparison(): Promise<{ ours: number; peer: number }> {
  const definition = callbackFreeCheckout(new InProcessCheckout().definition);
  console.log("\ncheckout with request-response service calls (JSONPath, both engines), one at a time:");

  const mine = services();
  const interpreter = new Interpreter({
    clock: new VirtualClock(), retainExecutions: false,
    integrations: {
      ...mine.db.integrations(), ...mine.bus.integrations(),
      "arn:aws:states:::apigateway:invoke": (req: TaskRequest) => mine.api(req.input),
    },
  });
  const sm = interpreter.createStateMachine(definition, { name: "CheckoutNoCallbacks" });
  const ours = await measure(async (i) => {
    const r = await interpreter.startExecution(sm, { ...order, CartId: `o${i}` }).done;
    checkOutcome(r.status === "SUCCEEDED", `${r.status} ${r.error} ${r.cause}`);
  });
  console.log(`  ${fmt(ours)} executions/s  this interpreter (history on)`);

  const peerServices = services();
  const handlers: Record<string, (input: JsonValue) => JsonValue> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Type !== "Task") continue;
    const action = state.Resource.split(":").pop();
    if (action === "putItem") handlers[name] = (input) => peerServices.db.call("putItem", input);
    else if (action === "updateItem") handlers[name] = (input) => peerServices.db.call("updateItem", input);
    else if (action === "putEvents") handlers[name] = (input) => peerServices.bus.putEvents(input);
    else handlers[name] = (input) => peerServices.api(input);
  }
  const peerMachine = new PeerStateMachine(definition as never, { validationOptions: { checkArn: false, checkPaths: false } });
  const peer = await measure(async (i) => {
    const input = { ...order, CartId: `p${i}` };
    // The peer leaves $$.State.EnteredTime unset unless given a context object.
    const context = {
      Execution: { Id: `arn:aws:states:us-east-1:123456789012:execution:CheckoutNoCallbacks:p${i}`, Input: input, Name: `p${i}` },
      State: { EnteredTime: new Date().toISOString() },
    };
    const output = await peerMachine.run(input, { overrides: { taskResourceLocalHandlers: handlers as never }, context: context as never }).result;
    checkOutcome(output !== undefined, "no output");
  });
  checkOutcome(peerServices.bus.entries.every((e) => e.DetailType === "ShippingSuccessful"), "peer emitted a wrong event");
  console.log(`  ${fmt(peer)} executions/s  aws-local-stepfunctions 3.0.0`);
  return { ours, peer };
}

const best = await checkoutInProcess();
const { ours, peer } = await peerComparison();
console.log(`\ngoal 10,000 checkout executions/s: best ${fmt(best).trim()}/s (${best >= 10_000 ? "met" : "NOT met"} on this machine)`);
console.log(`goal at least 3x aws-local-stepfunctions: ${(ours / peer).toFixed(1)}x (${ours / peer >= 3 ? "met" : "NOT met"})`);
