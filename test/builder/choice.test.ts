import { describe, expect, it } from "vitest";
import { COMPARISON_OPERATORS, cond, jsonPath, path, stateMachine, type ChoiceRule } from "../../asl";

const rulesOf = (choice: ReturnType<typeof jsonPath.choice>): ChoiceRule[] => {
  const state = stateMachine({ startAt: choice }).toJSON().States[choice.name];
  if (state?.Type !== "Choice") throw new Error("not a Choice");
  return state.Choices;
};

/** A valid operand for each operator, by the operator's family. */
function operandFor(operator: string): string | number | boolean {
  if (operator.endsWith("Path")) return "$.other";
  if (operator.startsWith("Is") || operator.startsWith("Boolean")) return true;
  if (operator.startsWith("Numeric")) return 42;
  if (operator.startsWith("Timestamp")) return "2026-11-30T12:00:00Z";
  return "text*";
}

describe("Choice", () => {
  it("has a helper for every comparison operator, writing that operator", () => {
    const done = jsonPath.succeed("Done");
    const choice = jsonPath.choice("Compare");
    const helpers = cond as unknown as Record<string, (variable: string, operand: unknown) => { rule: ChoiceRule }>;
    for (const operator of COMPARISON_OPERATORS) {
      const helper = helpers[operator[0]!.toLowerCase() + operator.slice(1)];
      expect(helper, operator).toBeTypeOf("function");
      choice.when(helper!("$.value", operandFor(operator)) as never, done);
    }
    const rules = rulesOf(choice);
    expect(rules).toHaveLength(COMPARISON_OPERATORS.length);
    rules.forEach((rule, index) => {
      const operator = COMPARISON_OPERATORS[index]!;
      expect(rule).toStrictEqual({ Variable: "$.value", [operator]: operandFor(operator), Next: "Done" });
    });
  });

  it("combines rules with And, Or and Not, accepts path() operands and defaults Is* to true", () => {
    const yes = jsonPath.succeed("Yes");
    const no = jsonPath.fail("No");
    const choice = jsonPath
      .choice("Combine")
      .when(cond.and(cond.isPresent("$.a"), cond.not(cond.isNull(path("$.a")))), yes, { Comment: "present and not null" })
      .when(cond.or(cond.numericGreaterThanPath("$.a", path("$.limit")), cond.stringMatches("$.s", "x*")), yes, { Assign: { matched: path("$.a") } })
      .otherwise(no);
    expect(rulesOf(choice)).toStrictEqual([
      { Comment: "present and not null", And: [{ Variable: "$.a", IsPresent: true }, { Not: { Variable: "$.a", IsNull: true } }], Next: "Yes" },
      { Or: [{ Variable: "$.a", NumericGreaterThanPath: "$.limit" }, { Variable: "$.s", StringMatches: "x*" }], Assign: { "matched.$": "$.a" }, Next: "Yes" },
    ]);
    const json = stateMachine({ startAt: choice }).toJSON();
    expect(json.States.Combine).toHaveProperty("Default", "No");
  });

  it("keeps rule order: the first matching rule wins", () => {
    const first = jsonPath.succeed("First");
    const second = jsonPath.succeed("Second");
    const choice = jsonPath.choice("Order").when(cond.isPresent("$.x"), second).when(cond.isPresent("$.y"), first);
    expect(rulesOf(choice).map((r) => r.Next)).toStrictEqual(["Second", "First"]);
  });
});
