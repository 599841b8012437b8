/**
 * Lambda functions as in-process JavaScript functions, reachable the two ways state machines call them:
 * the optimized `arn:aws:states:::lambda:invoke` integration (result wrapped as `{ Payload, StatusCode,
 * ... }`, function chosen by `FunctionName`) and a plain function ARN as Resource (result as returned).
 * A thrown Error's name becomes the error (as Lambda's errorType does), its message the cause.
 */
import type { JsonObject, JsonValue } from "../../definition";
import { StatesError, toStatesError } from "../errors";
import type { Integrations, TaskRequest } from "../integrations";

export type LocalFunction = (payload: JsonValue) => JsonValue | void | Promise<JsonValue | void>;

/** `my-fn`, `my-fn:alias`, `arn:aws:lambda:region:account:function:my-fn[:alias]` → `my-fn`. */
export function functionName(reference: string): string {
  const arn = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(reference);
  if (arn) return arn[1]!;
  const partial = /^(?:\d{12}:)?(?:function:)?([^:]+)/.exec(reference);
  return partial ? partial[1]! : reference;
}

export class InMemoryLambda {
  private readonly functions = new Map<string, LocalFunction>();

  constructor(functions: Record<string, LocalFunction> = {}) {
    for (const [name, fn] of Object.entries(functions)) this.functions.set(functionName(name), fn);
  }

  register(name: string, fn: LocalFunction): void {
    this.functions.set(functionName(name), fn);
  }

  integrations(): Integrations {
    return {
      "arn:aws:states:::lambda:invoke": (req) => this.invokeIntegration(req),
      "arn:aws:lambda:*": (req) => this.invoke(req.resource, req.input),
    };
  }

  private async invokeIntegration(req: TaskRequest): Promise<JsonValue> {
    const params = req.input as JsonObject | null;
    const name = params && typeof params === "object" && !Array.isArray(params) ? params.FunctionName : undefined;
    if (typeof name !== "string") throw new StatesError("Lambda.InvalidParameterValueException", `lambda:invoke needs a FunctionName string, got ${JSON.stringify(name)}`);
    const payload = params!.Payload ?? {};
    const result = await this.invoke(name, payload);
    return { ExecutedVersion: "$LATEST", Payload: result, SdkHttpMetadata: { HttpStatusCode: 200 }, StatusCode: 200 };
  }

  private async invoke(reference: string, payload: JsonValue): Promise<JsonValue> {
    const fn = this.functions.get(functionName(reference));
    if (!fn) throw new StatesError("Lambda.ResourceNotFoundException", `Function not found: ${reference}`);
    try {
      const result = await fn(payload);
      return result === undefined ? null : result;
    } catch (e) {
      const err = toStatesError(e);
      const error = err.error === "States.TaskFailed" ? "Error" : err.error;
      throw new StatesError(error, JSON.stringify({ errorType: error, errorMessage: err.cause }));
    }
  }
}
