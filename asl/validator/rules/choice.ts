/**
 * Choice rules: a top-level rule carries Next, nested rules (inside And/Or/Not) do not; a JSONPath rule
 * is exactly one comparison (Variable plus one operator) or one of And/Or/Not; a JSONata rule is a
 * Condition. Value types are the schema's job; paths are checked by the expression rules.
 */
import { COMPARISON_OPERATORS } from "../../definition";
import { pointer, type Report } from "../diagnostic";
import { isRecord, type JsonRecord, type Scope, type StateContext } from "../walk";

const OPERATORS: readonly string[] = COMPARISON_OPERATORS;
const COMBINATORS = ["And", "Or", "Not"];
const TOP_LEVEL_ONLY = ["Next", "Assign", "Output"];

function checkJsonPathRule(rule: JsonRecord, at: string, report: Report): void {
  const operators = OPERATORS.filter((op) => rule[op] !== undefined);
  const combinators = COMBINATORS.filter((c) => rule[c] !== undefined);
  const hasVariable = rule.Variable !== undefined;
  if (combinators.length + (hasVariable || operators.length ? 1 : 0) !== 1) {
    const found = [...(hasVariable ? ["Variable"] : []), ...operators, ...combinators];
    report.error("INVALID_CHOICE_RULE", at, found.length
      ? `a Choice rule must be either one comparison (Variable and one operator) or one of And, Or, Not; it has ${found.join(", ")}`
      : "a Choice rule must have a comparison (Variable and one operator) or And, Or or Not");
    return;
  }
  if (hasVariable && operators.length !== 1) {
    report.error("INVALID_CHOICE_RULE", at, operators.length
      ? `a comparison takes exactly one operator, this one has ${operators.join(", ")}`
      : `Variable ${JSON.stringify(rule.Variable)} is compared with nothing: add an operator such as StringEquals or IsPresent`);
  }
  if (!hasVariable && operators.length) report.error("INVALID_CHOICE_RULE", at, `operator ${operators[0]} needs a Variable to compare`);
  for (const combinator of ["And", "Or"]) {
    const list = rule[combinator];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.length === 0) {
      report.error("INVALID_CHOICE_RULE", pointer(at, combinator), `${combinator} must be a non-empty array of rules`);
      continue;
    }
    list.forEach((nested, i) => checkRule(nested, pointer(at, combinator, i), false, "JSONPath", report));
  }
  if (rule.Not !== undefined) checkRule(rule.Not, pointer(at, "Not"), false, "JSONPath", report);
}

function checkRule(rule: unknown, at: string, topLevel: boolean, language: string, report: Report): void {
  if (!isRecord(rule)) return;
  if (topLevel && rule.Next === undefined) report.error("INVALID_CHOICE_RULE", at, "a Choice rule must have Next");
  if (!topLevel) {
    for (const field of TOP_LEVEL_ONLY) {
      if (rule[field] !== undefined) report.error("INVALID_CHOICE_RULE", pointer(at, field), `${field} is only allowed on a top-level Choice rule, not inside And, Or or Not`);
    }
  }
  if (language === "JSONata") {
    const foreign = ["Variable", ...OPERATORS, ...COMBINATORS].filter((field) => rule[field] !== undefined);
    for (const field of foreign) report.error("WRONG_QUERY_LANGUAGE_FIELD", pointer(at, field), `${field} is a JSONPath Choice field; a JSONata Choice rule uses Condition`);
    if (rule.Condition === undefined) report.error("INVALID_CHOICE_RULE", at, "a JSONata Choice rule must have a Condition");
    return;
  }
  if (topLevel && rule.Output !== undefined) {
    report.error("WRONG_QUERY_LANGUAGE_FIELD", pointer(at, "Output"), "Output is a JSONata field; a JSONPath Choice rule cannot set it");
  }
  if (rule.Condition !== undefined) {
    report.error("WRONG_QUERY_LANGUAGE_FIELD", pointer(at, "Condition"), "Condition is a JSONata Choice field; a JSONPath Choice rule uses Variable and an operator");
    return;
  }
  checkJsonPathRule(rule, at, report);
}

function checkChoice(context: StateContext, report: Report): void {
  const { state, pointer: at } = context;
  if (!Array.isArray(state.Choices)) return;
  state.Choices.forEach((rule, i) => checkRule(rule, pointer(at, "Choices", i), true, context.queryLanguage, report));
}

export function checkChoices(scopes: Scope[], report: Report): void {
  for (const scope of scopes) for (const context of scope.states) if (context.state.Type === "Choice") checkChoice(context, report);
}
