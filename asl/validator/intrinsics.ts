/**
 * Checker for the intrinsic functions of JSONPath states (`States.Format('{}', $.x)`), on the syntax
 * tree of asl/syntax (the parser the interpreter runs too). Checks the function names, their arity,
 * States.Format's `{}` count against its arguments, the nesting limit, and the syntax of the paths
 * used as arguments.
 */
import { INTRINSIC_FUNCTIONS, type IntrinsicFunctionName } from "../definition";
import { HASH_ALGORITHMS, isHashAlgorithm, IntrinsicSyntaxError, MAX_INTRINSIC_NESTING, memoize, parseIntrinsic, splitFormatTemplate, type IntrinsicCall, type PathArgument } from "../syntax";
import { parsePath } from "./jsonpath";

const ARITY: Record<IntrinsicFunctionName, [min: number, max: number]> = {
  "States.Format": [1, Infinity],
  "States.StringToJson": [1, 1],
  "States.JsonToString": [1, 1],
  "States.Array": [0, Infinity],
  "States.ArrayPartition": [2, 2],
  "States.ArrayContains": [2, 2],
  "States.ArrayRange": [3, 3],
  "States.ArrayGetItem": [2, 2],
  "States.ArrayLength": [1, 1],
  "States.ArrayUnique": [1, 1],
  "States.Base64Encode": [1, 1],
  "States.Base64Decode": [1, 1],
  "States.Hash": [2, 2],
  "States.JsonMerge": [3, 3],
  "States.MathRandom": [2, 3],
  "States.MathAdd": [2, 2],
  "States.StringSplit": [2, 2],
  "States.UUID": [0, 0],
};
const KNOWN = new Set<string>(INTRINSIC_FUNCTIONS);
/** The algorithms States.Hash accepts. */

export interface IntrinsicResult {
  problems: string[];
  /** Variables (`$name`) the call reads, in order of appearance. */
  variables: string[];
}

/** Checks a parsed call: problems are pushed in source order, each call after its arguments. */
class Checker {
  readonly problems: string[] = [];
  readonly variables: string[] = [];

  call(call: IntrinsicCall): void {
    if (call.depth > MAX_INTRINSIC_NESTING) this.problems.push(`intrinsic functions are nested more than ${MAX_INTRINSIC_NESTING} deep`);
    for (const arg of call.args) {
      if (arg.kind === "path") this.path(arg);
      else if (arg.kind === "call") this.call(arg);
    }
    this.signature(call);
  }

  private path({ text }: PathArgument): void {
    const parsed = parsePath(text, "path");
    if (!parsed.ok) this.problems.push(`argument ${parsed.message}`);
    else if (parsed.path.variable) this.variables.push(parsed.path.variable);
  }

  private signature({ name, args }: IntrinsicCall): void {
    if (!KNOWN.has(name)) {
      this.problems.push(`unknown intrinsic function ${name}`);
      return;
    }
    const [min, max] = ARITY[name as IntrinsicFunctionName];
    if (args.length < min || args.length > max) {
      const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
      this.problems.push(`${name} takes ${expected} argument${expected === "1" ? "" : "s"}, got ${args.length}`);
      return;
    }
    const algorithm = args[1];
    if (name === "States.Hash" && algorithm?.kind === "string" && !isHashAlgorithm(algorithm.value)) {
      this.problems.push(`States.Hash algorithm '${algorithm.value}' is not one of ${HASH_ALGORITHMS.join(", ")}`);
    }
    const template = args[0];
    if (name === "States.Format" && template?.kind === "string") {
      const slots = splitFormatTemplate(template.raw).length - 1;
      if (slots !== args.length - 1) {
        this.problems.push(`States.Format's template has ${slots} {} placeholder${slots === 1 ? "" : "s"} but ${args.length - 1} value argument${args.length === 2 ? "" : "s"} follow`);
      }
    }
  }
}

/** Parses and checks an intrinsic function call (results cached by text, bounded). */
export const checkIntrinsic: (text: string) => IntrinsicResult = memoize((text) => checkUncached(text));

function checkUncached(text: string): IntrinsicResult {
  let call: IntrinsicCall;
  try {
    call = parseIntrinsic(text);
  } catch (error) {
    if (!(error instanceof IntrinsicSyntaxError)) throw error;
    return { problems: [error.message], variables: [] };
  }
  const checker = new Checker();
  checker.call(call);
  return { problems: checker.problems, variables: checker.variables };
}
