/**
 * The base of every state the builder makes. A state is an object; transitions point at objects, so a
 * dangling `Next` cannot be written, and a transition back to an earlier state (a loop) is just a
 * reference to it.
 */
import type { Catcher, JsonObject, JsonValue, QueryLanguage, Retrier, State, StateType } from "../definition";
import { AslBuildError } from "./errors";
import type { PayloadObject } from "./expressions";
import type { IntegrationPermission } from "./permissions";
import { renderPayloadObject } from "./payload";
import { checkJsonataExpressions } from "./jsonata-check";
import { CATCHER_KEYS, RETRIER_KEYS, ordered } from "./key-order";

/** What a state needs from the machine while it renders itself. */
export interface RenderContext {
  readonly machineQueryLanguage: QueryLanguage;
  /** Renders the graph reachable from `start` as a nested scope (Parallel branch, Map processor) of `owner`. */
  renderScope(start: StateNode, owner: StateNode, label: string): { StartAt: string; States: Record<string, State> };
  addPermissions(permissions: readonly IntegrationPermission[]): void;
}

export abstract class StateNode<Q extends QueryLanguage = QueryLanguage> {
  abstract readonly type: StateType;

  constructor(
    readonly name: string,
    readonly queryLanguage: Q,
    readonly comment: string | undefined,
  ) {}

  /** The states this one can hand over to in normal flow (Next, Choice rules, Default). */
  abstract successors(): StateNode[];

  /** The states errors are sent to (Catch handlers). */
  errorSuccessors(): StateNode[] {
    return [];
  }

  abstract render(context: RenderContext): State;

  /** Type, Comment and (when it differs from the machine's) QueryLanguage. */
  protected header(context: RenderContext): { Type: StateType; Comment?: string; QueryLanguage?: QueryLanguage } {
    return {
      Type: this.type,
      Comment: this.comment,
      QueryLanguage: this.queryLanguage === context.machineQueryLanguage ? undefined : this.queryLanguage,
    };
  }

  protected fail(detail: string): never {
    throw new AslBuildError(this.name, detail);
  }
}

/** A state that passes control on with `Next`, or ends the execution (`End: true`) when it has none. */
export abstract class ChainableNode<Q extends QueryLanguage = QueryLanguage> extends StateNode<Q> {
  private following: StateNode | undefined;

  /** Continues with `state` and returns it, so a path reads `a.next(b).next(c)`. */
  next<S extends StateNode>(state: S): S {
    if (this.following !== undefined) {
      this.fail(`already continues with "${this.following.name}"; it cannot also continue with "${state.name}"`);
    }
    this.following = state;
    return state;
  }

  get nextState(): StateNode | undefined {
    return this.following;
  }

  successors(): StateNode[] {
    return this.following === undefined ? [] : [this.following];
  }

  protected transition(): { Next: string } | { End: true } {
    return this.following === undefined ? { End: true } : { Next: this.following.name };
  }
}

export type RetryRule = Retrier;

export interface JsonPathCatchOptions {
  Comment?: string;
  /** Where the error output `{ Error, Cause }` goes in the state input; null discards it. */
  ResultPath?: string | null;
  Assign?: PayloadObject;
  Output?: never;
}

export interface JsonataCatchOptions {
  Comment?: string;
  Output?: JsonValue;
  Assign?: JsonObject;
  ResultPath?: never;
}

export type CatchOptions<Q extends QueryLanguage> = Q extends "JSONPath" ? JsonPathCatchOptions : JsonataCatchOptions;

interface CatchRule {
  errors: string[];
  handler: StateNode;
  options: JsonPathCatchOptions | JsonataCatchOptions;
}

/** Task, Parallel and Map: states that can retry and catch errors. */
export abstract class FallibleNode<Q extends QueryLanguage = QueryLanguage> extends ChainableNode<Q> {
  private readonly retriers: RetryRule[] = [];
  private readonly catchers: CatchRule[] = [];

  /** Adds a retrier; retriers are tried in the order they are added. */
  retry(rule: RetryRule): this {
    this.retriers.push({ ...rule, ErrorEquals: [...rule.ErrorEquals] });
    return this;
  }

  /** Sends the errors named in `errors` (after retries) to `handler`. */
  catch(errors: string[], handler: StateNode, options?: CatchOptions<Q>): this {
    this.catchers.push({ errors: [...errors], handler, options: options ?? {} });
    return this;
  }

  override errorSuccessors(): StateNode[] {
    return this.catchers.map((c) => c.handler);
  }

  protected errorHandling(): { Retry?: Retrier[]; Catch?: Catcher[] } {
    checkErrorList(this, "Retry", this.retriers.map((r) => r.ErrorEquals));
    checkErrorList(this, "Catch", this.catchers.map((c) => c.errors));
    const Retry = this.retriers.map((rule, index) => ordered(checkRetrier(this, rule, index), RETRIER_KEYS));
    const Catch = this.catchers.map(({ errors, handler, options }, index) => {
      if (options.Output !== undefined) checkJsonataExpressions(options.Output, this.name, `Catch[${index}].Output`);
      const assign = options.Assign === undefined ? undefined : renderPayloadObject(options.Assign as PayloadObject, this.queryLanguage, this.name, "Catch.Assign");
      const catcher = { ...options, ErrorEquals: errors, Assign: assign, Next: handler.name } as Catcher;
      return ordered(catcher, CATCHER_KEYS);
    });
    return { Retry: Retry.length > 0 ? Retry : undefined, Catch: Catch.length > 0 ? Catch : undefined };
  }
}

function checkErrorList(state: StateNode, field: "Retry" | "Catch", lists: string[][]): void {
  lists.forEach((errors, index) => {
    if (errors.length === 0) throw new AslBuildError(state.name, `${field}[${index}] has an empty ErrorEquals`);
    if (errors.includes("States.ALL")) {
      if (errors.length > 1) throw new AslBuildError(state.name, `${field}[${index}]: "States.ALL" must appear alone in ErrorEquals`);
      if (index !== lists.length - 1) throw new AslBuildError(state.name, `${field}[${index}]: the "States.ALL" rule must be the last one`);
    }
  });
}

function checkRetrier(state: StateNode, rule: RetryRule, index: number): RetryRule {
  const at = `Retry[${index}]`;
  const wholeAtLeast = (value: number | undefined, min: number, field: string) => {
    if (value !== undefined && (!Number.isInteger(value) || value < min)) {
      throw new AslBuildError(state.name, `${at}.${field} must be an integer of at least ${min}, got ${value}`);
    }
  };
  wholeAtLeast(rule.IntervalSeconds, 1, "IntervalSeconds");
  wholeAtLeast(rule.MaxAttempts, 0, "MaxAttempts");
  wholeAtLeast(rule.MaxDelaySeconds, 1, "MaxDelaySeconds");
  if (rule.BackoffRate !== undefined && !(rule.BackoffRate >= 1)) {
    throw new AslBuildError(state.name, `${at}.BackoffRate must be at least 1.0, got ${rule.BackoffRate}`);
  }
  if (rule.JitterStrategy !== undefined && rule.JitterStrategy !== "FULL" && rule.JitterStrategy !== "NONE") {
    throw new AslBuildError(state.name, `${at}.JitterStrategy must be FULL or NONE, got ${String(rule.JitterStrategy)}`);
  }
  return rule;
}
