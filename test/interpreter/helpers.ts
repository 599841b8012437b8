/** Small helpers for interpreter tests: run a definition with handlers and get everything back. */
import type { JsonValue, StateMachineDefinition } from "../../asl/definition";
import { Interpreter, type InterpreterOptions, type StartExecutionOptions } from "../../asl/interpreter";

export async function run(definition: StateMachineDefinition, input: JsonValue = {}, options: InterpreterOptions & StartExecutionOptions = {}) {
  const interpreter = new Interpreter({ uuid: sequentialUuid(), random: () => 0.5, ...options });
  const sm = interpreter.createStateMachine(definition);
  return interpreter.run(sm, input, options);
}

/** A Pass state machine evaluating one Parameters template against the input. */
export function passWith(parameters: JsonValue): StateMachineDefinition {
  return { StartAt: "P", States: { P: { Type: "Pass", Parameters: parameters, End: true } } };
}

export function sequentialUuid(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;
}
