import type { ChoiceRule, ChoiceState, JsonataExpression, JsonValue, QueryLanguage } from "../definition";
import { checkJsonataExpressions } from "./jsonata-check";
import { COMPARISON_OPERATORS } from "../definition";
import { parseTimestamp } from "../syntax/timestamp";
import type { ChoiceProps, ChoiceRuleOptions } from "./props";
import type { Condition } from "./conditions";
import { StateNode, type RenderContext } from "./node";
import { renderFields } from "./fields";
import { renderPayloadObject } from "./payload";
import { STATE_KEYS, ordered } from "./key-order";

/** What a rule tests: a `cond.*` condition in JSONPath, a `{% %}` expression in JSONata. */
export type ChoiceTest<Q extends QueryLanguage> = Q extends "JSONPath" ? Condition : JsonataExpression;

interface Branch {
  test: Condition | JsonataExpression;
  next: StateNode;
  options: { Comment?: string; Assign?: object; Output?: unknown };
}

const RULE_KEYS = ["Comment", "Condition", "Variable", ...COMPARISON_OPERATORS, "And", "Or", "Not", "Assign", "Output", "Next"];

/** Branches on the input. It has no `next()`: each rule and the default name their own target. */
export class ChoiceNode<Q extends QueryLanguage = QueryLanguage> extends StateNode<Q> {
  readonly type = "Choice";
  private readonly branches: Branch[] = [];
  private fallback: StateNode | undefined;

  constructor(name: string, queryLanguage: Q, private readonly props: ChoiceProps<Q>) {
    super(name, queryLanguage, props.Comment);
  }

  /** Adds a rule; rules are tried in the order added, the first that matches wins. */
  when(test: ChoiceTest<Q>, next: StateNode, options?: ChoiceRuleOptions<Q>): this {
    this.branches.push({ test, next, options: options ?? {} });
    return this;
  }

  /** Where to go when no rule matches. Without it, no match fails the execution with States.NoChoiceMatched. */
  otherwise(next: StateNode): this {
    if (this.fallback !== undefined) this.fail(`already has the default "${this.fallback.name}"; it cannot also default to "${next.name}"`);
    this.fallback = next;
    return this;
  }

  /** Rule targets, then the default; rules that lead where the default does are listed with it, last. */
  successors(): StateNode[] {
    const targets = this.branches.map((b) => b.next);
    if (this.fallback === undefined) return targets;
    const fallback = this.fallback;
    return [...targets.filter((t) => t !== fallback), fallback];
  }

  render(context: RenderContext): ChoiceState {
    if (this.branches.length === 0) this.fail("a Choice needs at least one rule (when(...)); it has none");
    const Choices = this.branches.map((branch, index) => this.renderRule(branch, index));
    const state = { ...this.header(context), ...renderFields(this, this.props), Choices, Default: this.fallback?.name };
    return ordered(state as ChoiceState, STATE_KEYS);
  }

  private renderRule({ test, next, options }: Branch, index: number): ChoiceRule {
    if (typeof test === "string") checkJsonataExpressions(test, this.name, `Choices[${index}].Condition`);
    if (options.Output !== undefined) checkJsonataExpressions(options.Output as JsonValue, this.name, `Choices[${index}].Output`);
    const base: ChoiceRule = typeof test === "string" ? { Condition: test } : (this.checkRule(test.rule, `Choices[${index}]`), test.rule);
    const assign = options.Assign === undefined ? undefined : renderPayloadObject(options.Assign as never, this.queryLanguage, this.name, `Choices[${index}].Assign`);
    const rule = { ...structuredClone(base), Comment: options.Comment, Assign: assign, Output: options.Output, Next: next.name } as ChoiceRule;
    return ordered(rule, RULE_KEYS);
  }

  private checkRule(rule: ChoiceRule, at: string): void {
    if (this.queryLanguage !== "JSONPath") this.fail(`${at}: a JSONata Choice takes a {% %} condition`);
    const combinators = [rule.And, rule.Or, rule.Not].filter((c) => c !== undefined);
    if (combinators.length > 0) {
      if (rule.And !== undefined && rule.And.length === 0) this.fail(`${at}: And needs at least one condition`);
      if (rule.Or !== undefined && rule.Or.length === 0) this.fail(`${at}: Or needs at least one condition`);
      for (const inner of [...(rule.And ?? []), ...(rule.Or ?? []), ...(rule.Not ? [rule.Not] : [])]) this.checkRule(inner, at);
      return;
    }
    if (rule.Variable === undefined || !rule.Variable.startsWith("$")) this.fail(`${at}: Variable must be a path starting with "$", got ${JSON.stringify(rule.Variable)}`);
    for (const operator of COMPARISON_OPERATORS) {
      const operand = rule[operator];
      if (operand === undefined) continue;
      if (operator.endsWith("Path") && (typeof operand !== "string" || !operand.startsWith("$"))) {
        this.fail(`${at}: ${operator} must be a path starting with "$", got ${JSON.stringify(operand)}`);
      }
      if (operator.startsWith("Timestamp") && !operator.endsWith("Path") && parseTimestamp(operand) === undefined) {
        this.fail(`${at}: ${operator} needs an RFC 3339 timestamp, got ${JSON.stringify(operand)}`);
      }
    }
  }
}
