/**
 * Parser and checker for the intrinsic functions of JSONPath states (`States.Format('{}', $.x)`).
 * Checks the function names, their arity, States.Format's `{}` count against its arguments, the
 * nesting limit, and the syntax of the paths used as arguments.
 */
import { INTRINSIC_FUNCTIONS, type IntrinsicFunctionName } from "../definition";
import { parsePath } from "./jsonpath";

/** AWS: "You can nest up to 10 intrinsic functions within a field". */
export const MAX_INTRINSIC_NESTING = 10;

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
const HASH_ALGORITHMS = ["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"];

export type Argument =
  | { kind: "string"; value: string }
  | { kind: "number" | "literal" }
  | { kind: "path"; text: string; variable?: string }
  | { kind: "call"; call: IntrinsicCall };

export interface IntrinsicCall {
  name: string;
  args: Argument[];
}

export interface IntrinsicResult {
  problems: string[];
  /** Variables (`$name`) the call reads, in order of appearance. */
  variables: string[];
}

/** True when a string is shaped like an intrinsic function call, so it should be checked as one. */
export function looksLikeIntrinsic(text: string): boolean {
  return /^\s*States\.[A-Za-z0-9_.]*\s*\(/.test(text);
}

class Parser {
  private i = 0;
  readonly problems: string[] = [];
  readonly variables: string[] = [];

  constructor(private readonly text: string) {}

  private skipSpace(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i] as string)) this.i++;
  }

  private error(message: string): never {
    throw new SyntaxError(`${message} at position ${this.i} of "${this.text}"`);
  }

  parseWhole(): IntrinsicCall {
    this.skipSpace();
    const call = this.call(1);
    this.skipSpace();
    if (this.i < this.text.length) this.error(`unexpected "${this.text.slice(this.i, this.i + 10)}" after the call`);
    return call;
  }

  private call(depth: number): IntrinsicCall {
    const name = /^States\.[A-Za-z0-9_.]*/.exec(this.text.slice(this.i))?.[0];
    if (!name) this.error("expected an intrinsic function name (States.Xxx)");
    this.i += name.length;
    this.skipSpace();
    if (this.text[this.i] !== "(") this.error(`expected "(" after ${name}`);
    this.i++;
    if (depth > MAX_INTRINSIC_NESTING) this.problems.push(`intrinsic functions are nested more than ${MAX_INTRINSIC_NESTING} deep`);
    const args: Argument[] = [];
    this.skipSpace();
    if (this.text[this.i] === ")") {
      this.i++;
    } else {
      for (;;) {
        this.skipSpace();
        args.push(this.argument(depth));
        this.skipSpace();
        const c = this.text[this.i];
        this.i++;
        if (c === ")") break;
        if (c !== ",") {
          this.i--;
          this.error(`expected "," or ")" in the arguments of ${name}`);
        }
      }
    }
    const call = { name, args };
    this.checkCall(call);
    return call;
  }

  private argument(depth: number): Argument {
    const rest = this.text.slice(this.i);
    const c = rest[0];
    if (c === "'") return { kind: "string", value: this.string() };
    if (c === "$") return this.path();
    if (rest.startsWith("States.")) return { kind: "call", call: this.call(depth + 1) };
    const number = /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/.exec(rest);
    if (number) {
      this.i += number[0].length;
      return { kind: "number" };
    }
    const literal = /^(?:true|false|null)\b/.exec(rest);
    if (literal) {
      this.i += literal[0].length;
      return { kind: "literal" };
    }
    this.error("expected a 'string', a number, a path or an intrinsic function as argument");
  }

  private string(): string {
    let value = "";
    this.i++;
    while (this.i < this.text.length) {
      const c = this.text[this.i] as string;
      if (c === "\\") {
        value += this.text.slice(this.i, this.i + 2);
        this.i += 2;
        continue;
      }
      this.i++;
      if (c === "'") return value;
      value += c;
    }
    this.error("unterminated string literal");
  }

  private path(): Argument {
    const start = this.i;
    let depth = 0;
    let quote = "";
    while (this.i < this.text.length) {
      const c = this.text[this.i] as string;
      if (quote) {
        if (c === "\\") this.i++;
        else if (c === quote) quote = "";
      } else if (c === "'" || c === '"') quote = c;
      else if (c === "[" || c === "(") depth++;
      else if ((c === "]" || c === ")") && depth > 0) depth--;
      else if (depth === 0 && (c === "," || c === ")" || /\s/.test(c))) break;
      this.i++;
    }
    const text = this.text.slice(start, this.i);
    const parsed = parsePath(text, "path");
    if (!parsed.ok) {
      this.problems.push(`argument ${parsed.message}`);
      return { kind: "path", text };
    }
    if (parsed.path.variable) this.variables.push(parsed.path.variable);
    return { kind: "path", text, variable: parsed.path.variable };
  }

  private checkCall({ name, args }: IntrinsicCall): void {
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
    if (name === "States.Hash" && algorithm?.kind === "string" && !HASH_ALGORITHMS.includes(algorithm.value)) {
      this.problems.push(`States.Hash algorithm '${algorithm.value}' is not one of ${HASH_ALGORITHMS.join(", ")}`);
    }
    const template = args[0];
    if (name === "States.Format" && template?.kind === "string") {
      // `\{` and `\}` are literal braces; only unescaped `{}` take an argument.
      const slots = template.value.replace(/\\./g, "").split("{}").length - 1;
      if (slots !== args.length - 1) {
        this.problems.push(`States.Format's template has ${slots} {} placeholder${slots === 1 ? "" : "s"} but ${args.length - 1} value argument${args.length === 2 ? "" : "s"} follow`);
      }
    }
  }
}

const cache = new Map<string, IntrinsicResult>();
const CACHE_LIMIT = 10_000;

/** Parses and checks an intrinsic function call (results cached by text, bounded). */
export function checkIntrinsic(text: string): IntrinsicResult {
  let result = cache.get(text);
  if (!result) {
    result = checkUncached(text);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(text, result);
  }
  return result;
}

function checkUncached(text: string): IntrinsicResult {
  const parser = new Parser(text);
  try {
    parser.parseWhole();
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return { problems: [error.message], variables: parser.variables };
  }
  return { problems: parser.problems, variables: parser.variables };
}
