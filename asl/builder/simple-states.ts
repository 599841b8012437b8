/** Pass, Wait, Succeed and Fail: the states without sub-graphs or error handling. */
import type { FailState, PassState, QueryLanguage, SucceedState, WaitState } from "../definition";
import { isJsonataExpression } from "../syntax/jsonata";
import { parseTimestamp } from "../syntax/timestamp";
import type { FailProps, PassProps, SucceedProps, WaitProps } from "./props";
import { ChainableNode, StateNode, type RenderContext } from "./node";
import { renderFields } from "./fields";
import { STATE_KEYS, ordered } from "./key-order";

export class PassNode<Q extends QueryLanguage = QueryLanguage> extends ChainableNode<Q> {
  readonly type = "Pass";
  constructor(name: string, queryLanguage: Q, private readonly props: PassProps<Q>) {
    super(name, queryLanguage, props.Comment);
  }
  render(context: RenderContext): PassState {
    return ordered({ ...this.header(context), ...renderFields(this, this.props), ...this.transition() } as PassState, STATE_KEYS);
  }
}


export class WaitNode<Q extends QueryLanguage = QueryLanguage> extends ChainableNode<Q> {
  readonly type = "Wait";
  constructor(name: string, queryLanguage: Q, private readonly props: WaitProps<Q>) {
    super(name, queryLanguage, props.Comment);
  }
  render(context: RenderContext): WaitState {
    const fields = renderFields(this, this.props);
    const given = ["Seconds", "SecondsPath", "Timestamp", "TimestampPath"].filter((key) => fields[key] !== undefined);
    if (given.length !== 1) this.fail(`a Wait needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath (got ${given.length === 0 ? "none" : given.join(", ")})`);
    const { Seconds: seconds, Timestamp: timestamp } = fields;
    if (typeof seconds === "number" && (!Number.isInteger(seconds) || seconds < 0)) this.fail(`Seconds must be a non-negative integer, got ${seconds}`);
    if (typeof timestamp === "string" && !isJsonataExpression(timestamp) && parseTimestamp(timestamp) === undefined) {
      this.fail(`Timestamp must be an RFC 3339 timestamp such as 2026-01-01T00:00:00Z, got ${JSON.stringify(timestamp)}`);
    }
    return ordered({ ...this.header(context), ...fields, ...this.transition() } as WaitState, STATE_KEYS);
  }
}

/** Ends the execution successfully. It has no `next()`: nothing can follow it. */
export class SucceedNode<Q extends QueryLanguage = QueryLanguage> extends StateNode<Q> {
  readonly type = "Succeed";
  constructor(name: string, queryLanguage: Q, private readonly props: SucceedProps<Q>) {
    super(name, queryLanguage, props.Comment);
  }
  successors(): StateNode[] {
    return [];
  }
  render(context: RenderContext): SucceedState {
    return ordered({ ...this.header(context), ...renderFields(this, this.props) } as SucceedState, STATE_KEYS);
  }
}

/** Ends the execution with an error. It has no `next()`: nothing can follow it. */
export class FailNode<Q extends QueryLanguage = QueryLanguage> extends StateNode<Q> {
  readonly type = "Fail";
  constructor(name: string, queryLanguage: Q, private readonly props: FailProps<Q>) {
    super(name, queryLanguage, props.Comment);
  }
  successors(): StateNode[] {
    return [];
  }
  render(context: RenderContext): FailState {
    const fields = renderFields(this, this.props);
    if (fields.Error !== undefined && fields.ErrorPath !== undefined) this.fail("give Error or ErrorPath, not both");
    if (fields.Cause !== undefined && fields.CausePath !== undefined) this.fail("give Cause or CausePath, not both");
    return ordered({ ...this.header(context), ...fields } as FailState, STATE_KEYS);
  }
}
