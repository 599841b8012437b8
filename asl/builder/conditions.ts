/**
 * JSONPath Choice conditions: every comparison operator, and And/Or/Not.
 * `cond.stringEquals("$.status", "OK")`, `cond.and(cond.isPresent("$.a"), cond.numericGreaterThan("$.a", 1))`.
 * JSONata Choice states take a `{% ... %}` condition instead.
 */
import { COMPARISON_OPERATORS, type ChoiceRule, type ComparisonOperator } from "../definition";
import type { PathExpr } from "./expressions";

/** A Choice rule without its `Next`; `ChoiceNode.when()` adds the transition. */
export class Condition {
  constructor(readonly rule: ChoiceRule) {}
}

type Variable = string | PathExpr;

/** The operand type of each operator: a path for `*Path` forms, else the compared type. */
export type Operand<Op extends ComparisonOperator> = Op extends `${string}Path`
  ? Variable
  : Op extends `Is${string}` | `Boolean${string}`
    ? boolean
    : Op extends `Numeric${string}`
      ? number
      : string;

type Comparisons = {
  [Op in ComparisonOperator as Uncapitalize<Op>]: Op extends `Is${string}`
    ? (variable: Variable, expected?: boolean) => Condition
    : (variable: Variable, operand: Operand<Op>) => Condition;
};

function comparison(operator: ComparisonOperator) {
  return (variable: Variable, operand?: unknown): Condition => {
    const value = operand === undefined && operator.startsWith("Is") ? true : operand;
    const rendered = typeof value === "object" && value !== null ? String(value) : value;
    return new Condition({ Variable: String(variable), [operator]: rendered } as ChoiceRule);
  };
}

const comparisons = Object.fromEntries(
  COMPARISON_OPERATORS.map((operator) => [operator[0]!.toLowerCase() + operator.slice(1), comparison(operator)]),
) as Comparisons;

export const cond = {
  ...comparisons,
  and: (...conditions: Condition[]) => new Condition({ And: conditions.map((c) => c.rule) }),
  or: (...conditions: Condition[]) => new Condition({ Or: conditions.map((c) => c.rule) }),
  not: (condition: Condition) => new Condition({ Not: condition.rule }),
};
