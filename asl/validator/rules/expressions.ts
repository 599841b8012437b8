/**
 * Expressions inside states: JSONPath paths and reference paths, payload templates (`.$` fields) and
 * intrinsic functions in JSONPath states; `{% ... %}` JSONata expressions in JSONata states. Also
 * AWS's warnings NO_DOLLAR, NO_PATH and PASS_RESULT_IS_STATIC. Returns, per state, the variables its
 * expressions read, for the variable rule.
 */
import { isPlaceholder } from "../../definition";
import { pointer, type Report } from "../diagnostic";
import { checkIntrinsic } from "../intrinsics";
import { looksLikeIntrinsicCall, looksLikeJsonata } from "../../syntax";
import { checkJsonata } from "../jsonata";
import { parsePath, type PathKind } from "../jsonpath";
import { isRecord, NESTED_MACHINE_FIELDS, type Scope, type StateContext } from "../walk";

export interface VariableRead {
  name: string;
  location: string;
}

/** Path-valued state fields of JSONPath states and the path kind each takes. */
const STATE_PATH_FIELDS: Record<string, PathKind> = {
  InputPath: "path", OutputPath: "path", ResultPath: "reference", ItemsPath: "reference",
  TimeoutSecondsPath: "reference", HeartbeatSecondsPath: "reference", SecondsPath: "reference", TimestampPath: "reference",
  MaxConcurrencyPath: "reference", ToleratedFailurePercentagePath: "reference", ToleratedFailureCountPath: "reference",
  ErrorPath: "path", CausePath: "path",
};
const STATE_PATH_ENTRIES = Object.entries(STATE_PATH_FIELDS);
/** Fields whose value may also be an intrinsic function instead of a path. */
const INTRINSIC_ALLOWED = new Set(["ErrorPath", "CausePath"]);
/** State fields holding payload templates in JSONPath states. */
const TEMPLATE_FIELDS = ["Parameters", "ResultSelector", "ItemSelector", "Credentials", "Assign"];
/** Fields that have a `...Path` variant: a path-looking value in them was probably meant for that variant. */
const HAS_PATH_VARIANT = ["Error", "Cause", "Seconds", "Timestamp", "TimeoutSeconds", "HeartbeatSeconds", "MaxConcurrency", "ToleratedFailurePercentage", "ToleratedFailureCount"];
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** RELAXED: a bare "$" is not taken for a path by NO_DOLLAR: it is as likely a literal dollar sign. */
function looksLikePath(value: string): boolean {
  return value.startsWith("$.") || value.startsWith("$$.") || value.startsWith("$[");
}

class StateExpressions {
  readonly reads: VariableRead[] = [];

  constructor(private readonly context: StateContext, private readonly report: Report) {}

  path(value: unknown, at: string, kind: PathKind, options: { intrinsic?: boolean; variables?: boolean; context?: boolean } = {}): void {
    if (typeof value !== "string" || isPlaceholder(value)) return;
    if (options.intrinsic && looksLikeIntrinsicCall(value)) {
      this.intrinsic(value, at);
      return;
    }
    const result = parsePath(value, kind);
    if (!result.ok) {
      this.report.error("INVALID_JSONPATH", at, `${kind === "reference" ? "reference path" : "path"} ${result.message}`);
      return;
    }
    if (result.path.variable) {
      if (options.variables === false) this.report.error("INVALID_JSONPATH", at, `"${value}" reads variable $${result.path.variable}, which is not allowed here`);
      else this.reads.push({ name: result.path.variable, location: at });
    }
    if (result.path.context && options.context === false) this.report.error("INVALID_JSONPATH", at, `"${value}" points into the context object ($$), which is read-only`);
  }

  intrinsic(value: string, at: string): void {
    const result = checkIntrinsic(value);
    for (const problem of result.problems) this.report.error("INVALID_INTRINSIC_FUNCTION", at, problem);
    for (const name of result.variables) this.reads.push({ name, location: at });
  }

  /** A JSONPath payload template: `.$` fields hold a path or an intrinsic function. */
  template(value: unknown, at: string): void {
    if (Array.isArray(value)) {
      value.forEach((item, i) => this.template(item, pointer(at, i)));
      return;
    }
    if (!isRecord(value)) return;
    for (const [key, inner] of Object.entries(value)) {
      const innerAt = pointer(at, key);
      if (key.endsWith(".$")) {
        if (typeof inner !== "string") {
          this.report.error("INVALID_PAYLOAD_TEMPLATE", innerAt, `"${key}" ends in .$ so its value must be a path or intrinsic function string, not ${JSON.stringify(inner)}`);
        } else if (isPlaceholder(inner)) {
          continue;
        } else if (looksLikeIntrinsicCall(inner)) {
          this.intrinsic(inner, innerAt);
        } else if (inner.startsWith("$")) {
          this.path(inner, innerAt, "path");
        } else {
          this.report.error("INVALID_PAYLOAD_TEMPLATE", innerAt, `"${key}" ends in .$ so its value must be a path ($...) or an intrinsic function (States.Xxx(...)), not "${inner}"`);
        }
      } else if (typeof inner === "string" && (looksLikePath(inner) || looksLikeIntrinsicCall(inner))) {
        this.report.warning("NO_DOLLAR", innerAt, `"${key}" holds "${inner}", which is passed on as a literal string: name the field "${key}.$" to evaluate it`);
      } else {
        this.template(inner, innerAt);
      }
    }
  }

  assignKeys(assign: unknown, at: string): void {
    if (!isRecord(assign)) return;
    for (const key of Object.keys(assign)) {
      const name = key.endsWith(".$") ? key.slice(0, -2) : key;
      if (!VARIABLE_NAME.test(name) || name === "states" || name.length > 80) {
        this.report.error("INVALID_VARIABLE_NAME", pointer(at, key), `"${name}" is not a valid variable name: use letters, digits and _, not starting with a digit, at most 80 characters, and not "states"`);
      }
    }
  }

  /** Every string of a JSONata state's field: `{% %}` strings must parse. */
  jsonata(value: unknown, at: string): void {
    if (typeof value === "string") {
      if (!looksLikeJsonata(value)) return;
      const result = checkJsonata(value);
      if (result.error) this.report.error("INVALID_JSONATA", at, result.error);
      for (const name of result.freeVariables) this.reads.push({ name, location: at });
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => this.jsonata(item, pointer(at, i)));
      return;
    }
    if (!isRecord(value)) return;
    for (const [key, inner] of Object.entries(value)) {
      if (key.endsWith(".$")) this.report.error("WRONG_QUERY_LANGUAGE_FIELD", pointer(at, key), `"${key}": fields ending in .$ are JSONPath syntax; in a JSONata state write the value as a {% %} expression`);
      this.jsonata(inner, pointer(at, key));
    }
  }

  choiceRule(rule: unknown, at: string): void {
    if (!isRecord(rule)) return;
    this.path(rule.Variable, pointer(at, "Variable"), "path");
    for (const [key, value] of Object.entries(rule)) {
      if (key.endsWith("Path") && key !== "Variable") this.path(value, pointer(at, key), "path");
    }
    for (const combinator of ["And", "Or"]) {
      const list = rule[combinator];
      if (Array.isArray(list)) list.forEach((nested, i) => this.choiceRule(nested, pointer(at, combinator, i)));
    }
    if (rule.Not !== undefined) this.choiceRule(rule.Not, pointer(at, "Not"));
    if (rule.Assign !== undefined) {
      this.assignKeys(rule.Assign, pointer(at, "Assign"));
      this.template(rule.Assign, pointer(at, "Assign"));
    }
  }

  checkJsonPathState(): void {
    const { state, pointer: at } = this.context;
    for (const [field, kind] of STATE_PATH_ENTRIES) {
      if (state[field] === undefined || state[field] === null) continue;
      this.path(state[field], pointer(at, field), kind, {
        intrinsic: INTRINSIC_ALLOWED.has(field),
        variables: field !== "ResultPath",
        context: field !== "ResultPath",
      });
    }
    for (const field of TEMPLATE_FIELDS) if (state[field] !== undefined) this.template(state[field], pointer(at, field));
    for (const [holder, field] of [["ItemReader", "Parameters"], ["ResultWriter", "Parameters"], ["ItemBatcher", "BatchInput"]]) {
      const part = state[holder as string];
      if (isRecord(part) && part[field as string] !== undefined) this.template(part[field as string], pointer(at, holder as string, field as string));
    }
    const reader = isRecord(state.ItemReader) && isRecord(state.ItemReader.ReaderConfig) ? state.ItemReader.ReaderConfig : undefined;
    if (reader) this.path(reader.MaxItemsPath, pointer(at, "ItemReader", "ReaderConfig", "MaxItemsPath"), "reference");
    if (isRecord(state.ItemBatcher)) {
      for (const field of ["MaxItemsPerBatchPath", "MaxInputBytesPerBatchPath"]) this.path(state.ItemBatcher[field], pointer(at, "ItemBatcher", field), "reference");
    }
    if (Array.isArray(state.Catch)) {
      state.Catch.forEach((catcher, i) => {
        if (!isRecord(catcher)) return;
        if (catcher.ResultPath !== null) this.path(catcher.ResultPath, pointer(at, "Catch", i, "ResultPath"), "reference", { variables: false, context: false });
        if (catcher.Assign !== undefined) this.template(catcher.Assign, pointer(at, "Catch", i, "Assign"));
      });
    }
    if (Array.isArray(state.Choices)) state.Choices.forEach((rule, i) => this.choiceRule(rule, pointer(at, "Choices", i)));
    if (state.Type === "Pass") this.staticResult(state.Result, pointer(at, "Result"));
    for (const field of HAS_PATH_VARIANT) {
      const value = state[field];
      if (typeof value === "string" && looksLikePath(value)) {
        this.report.warning("NO_PATH", pointer(at, field), `${field} holds "${value}", which is used literally: to read it from the input use ${field}Path`);
      }
    }
  }

  staticResult(value: unknown, at: string): void {
    if (Array.isArray(value)) value.forEach((item, i) => this.staticResult(item, pointer(at, i)));
    if (!isRecord(value)) return;
    for (const [key, inner] of Object.entries(value)) {
      if (key.endsWith(".$")) this.report.warning("PASS_RESULT_IS_STATIC", pointer(at, key), `Result is never evaluated, so "${key}" stays a literal: use Parameters to build a value from paths`);
      this.staticResult(inner, pointer(at, key));
    }
  }

  checkJsonataState(): void {
    const { state, pointer: at } = this.context;
    for (const [field, value] of Object.entries(state)) {
      if (NESTED_MACHINE_FIELDS.has(field) || field === "Comment") continue;
      if (field === "Choices" && Array.isArray(value)) {
        value.forEach((rule, i) => {
          if (!isRecord(rule)) return;
          for (const [key, inner] of Object.entries(rule)) if (key !== "Comment" && key !== "Next") this.jsonata(inner, pointer(at, field, i, key));
        });
        continue;
      }
      this.jsonata(value, pointer(at, field));
    }
    if (Array.isArray(state.Choices)) {
      state.Choices.forEach((rule, i) => {
        if (isRecord(rule) && typeof rule.Condition === "string" && !looksLikeJsonata(rule.Condition) && !isPlaceholder(rule.Condition)) {
          this.report.error("INVALID_JSONATA", pointer(at, "Choices", i, "Condition"), `Condition must be a {% JSONata %} expression, not "${rule.Condition}"`);
        }
      });
    }
  }

  run(): void {
    const { state, pointer: at } = this.context;
    this.assignKeys(state.Assign, pointer(at, "Assign"));
    if (Array.isArray(state.Catch)) state.Catch.forEach((c, i) => isRecord(c) && this.assignKeys(c.Assign, pointer(at, "Catch", i, "Assign")));
    if (this.context.queryLanguage === "JSONata") this.checkJsonataState();
    else this.checkJsonPathState();
  }
}

export function checkExpressions(scopes: Scope[], report: Report): Map<StateContext, VariableRead[]> {
  const reads = new Map<StateContext, VariableRead[]>();
  for (const scope of scopes) {
    for (const context of scope.states) {
      const checker = new StateExpressions(context, report);
      checker.run();
      reads.set(context, checker.reads);
    }
  }
  return reads;
}
