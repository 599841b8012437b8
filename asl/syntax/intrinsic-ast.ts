/**
 * The typed syntax tree of an intrinsic function call (`States.Format('x {}', $.a)`), shared by the
 * validator (which checks it) and the interpreter (which compiles it into closures), so both read one
 * language. Positions are character offsets into the parsed text, for error messages.
 */

/** AWS: "You can nest up to 10 intrinsic functions within a field"; a call's `depth` is checked against it. */
export const MAX_INTRINSIC_NESTING = 10;

export interface Span {
  /** Offset of the node's first character. */
  readonly start: number;
  /** Offset just past the node's last character. */
  readonly end: number;
}

export interface StringLiteral extends Span {
  readonly kind: "string";
  /** The value with its escapes resolved (`\'` is `'`, `\{` is `{`, `\\` is `\`). */
  readonly value: string;
  /** The text between the quotes, escapes as written: States.Format's template needs them. */
  readonly raw: string;
}

export interface NumberLiteral extends Span {
  readonly kind: "number";
  readonly value: number;
}

export interface BooleanLiteral extends Span {
  readonly kind: "boolean";
  readonly value: boolean;
}

export interface NullLiteral extends Span {
  readonly kind: "null";
}

export interface PathArgument extends Span {
  readonly kind: "path";
  /** The path as written (`$.a`, `$$.Execution.Id`, `$myVar.x`); its own syntax is the caller's to check. */
  readonly text: string;
}

export interface IntrinsicCall extends Span {
  readonly kind: "call";
  /** The function name as written, `States.` included; not checked against the known functions. */
  readonly name: string;
  readonly args: readonly IntrinsicArgument[];
  /** 1 for the outermost call, 2 for a call in its arguments, and so on. */
  readonly depth: number;
}

export type Literal = StringLiteral | NumberLiteral | BooleanLiteral | NullLiteral;
export type IntrinsicArgument = Literal | PathArgument | IntrinsicCall;
