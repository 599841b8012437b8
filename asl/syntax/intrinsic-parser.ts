/**
 * Recursive-descent parser of intrinsic function calls. It knows the call grammar only: which names
 * exist, how many arguments each takes and whether a path is well formed are checked by its users,
 * each with its own message style, so the grammar itself cannot drift between them.
 */
import { isEscapable, openEscape } from "./escapes";
import type { IntrinsicArgument, IntrinsicCall, Literal, PathArgument, StringLiteral } from "./intrinsic-ast";

/** A call that does not parse; `position` is the offset in `text` where parsing stopped. */
export class IntrinsicSyntaxError extends Error {
  constructor(readonly reason: string, readonly position: number, readonly text: string) {
    super(`${reason} at position ${position} of "${text}"`);
    this.name = "IntrinsicSyntaxError";
  }
}

const CALL_NAME = /States\.[A-Za-z0-9_.]*/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/y;
const KEYWORD = /(?:true|false|null)\b/y;
const LOOKS_LIKE_CALL = /^\s*States\.[A-Za-z0-9_.]*\s*\(/;

/** True when a string is shaped like an intrinsic function call, so it is one (or a broken one), not a path. */
export function looksLikeIntrinsicCall(text: string): boolean {
  return LOOKS_LIKE_CALL.test(text);
}

/** Parses a whole string as one intrinsic call (surrounding whitespace allowed); throws IntrinsicSyntaxError. */
export function parseIntrinsic(text: string): IntrinsicCall {
  return new Parser(text).whole();
}

function isSpace(c: string | undefined): boolean {
  return c !== undefined && /\s/.test(c);
}

class Parser {
  private i = 0;

  constructor(private readonly text: string) {}

  whole(): IntrinsicCall {
    this.skipSpace();
    const call = this.call(1);
    this.skipSpace();
    if (this.i < this.text.length) this.fail(`unexpected "${this.text.slice(this.i, this.i + 10)}" after the call`);
    return call;
  }

  private fail(reason: string): never {
    throw new IntrinsicSyntaxError(reason, this.i, this.text);
  }

  private skipSpace(): void {
    while (isSpace(this.text[this.i])) this.i++;
  }

  /** Matches a sticky regular expression at the cursor and moves past it. */
  private match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.i;
    const found = pattern.exec(this.text)?.[0];
    if (found !== undefined) this.i += found.length;
    return found;
  }

  private call(depth: number): IntrinsicCall {
    const start = this.i;
    const name = this.match(CALL_NAME);
    if (name === undefined) this.fail("expected an intrinsic function name (States.Xxx)");
    this.skipSpace();
    if (this.text[this.i] !== "(") this.fail(`expected "(" after ${name}`);
    this.i++;
    const args: IntrinsicArgument[] = [];
    this.skipSpace();
    if (this.text[this.i] === ")") {
      this.i++;
    } else {
      for (;;) {
        this.skipSpace();
        args.push(this.argument(depth));
        this.skipSpace();
        const c = this.text[this.i];
        if (c !== "," && c !== ")") this.fail(`expected "," or ")" in the arguments of ${name}`);
        this.i++;
        if (c === ")") break;
      }
    }
    return { kind: "call", name, args, depth, start, end: this.i };
  }

  private argument(depth: number): IntrinsicArgument {
    const c = this.text[this.i];
    if (c === "'") return this.string();
    if (c === "$") return this.path();
    if (this.text.startsWith("States.", this.i)) return this.call(depth + 1);
    return this.literal();
  }

  private literal(): Literal {
    const start = this.i;
    const number = this.match(NUMBER);
    if (number !== undefined) return { kind: "number", value: Number(number), start, end: this.i };
    const keyword = this.match(KEYWORD);
    if (keyword === "null") return { kind: "null", start, end: this.i };
    if (keyword !== undefined) return { kind: "boolean", value: keyword === "true", start, end: this.i };
    this.fail("expected a 'string', a number, true, false, null, a path or an intrinsic function as argument");
  }

  /**
   * A single-quoted string. AWS ("Reserved characters"): only `\'`, `\{`, `\}` and `\\` are escapes, and
   * "If an open escape backslash \ is found in the intrinsic invocation string, the interpreter will
   * return a runtime error", so any other backslash is a syntax error here.
   */
  private string(): StringLiteral {
    const start = this.i;
    let value = "";
    this.i++;
    while (this.i < this.text.length) {
      const c = this.text[this.i] as string;
      if (c === "\\") {
        const next = this.text[this.i + 1];
        if (next === undefined) break;
        if (!isEscapable(next)) this.fail(openEscape(next));
        value += next;
        this.i += 2;
        continue;
      }
      this.i++;
      if (c === "'") return { kind: "string", value, raw: this.text.slice(start + 1, this.i - 1), start, end: this.i };
      value += c;
    }
    this.fail("unterminated string literal");
  }

  /**
   * A path argument runs to the first `,`, `)`, `]` or whitespace outside brackets, parentheses and
   * quotes (filters such as `$.a[?(@.b == 'x, y')]` hold all of these).
   */
  private path(): PathArgument {
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
      else if (c === "]" || c === ")") {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && (c === "," || isSpace(c))) break;
      this.i++;
    }
    return { kind: "path", text: this.text.slice(start, this.i), start, end: this.i };
  }
}
