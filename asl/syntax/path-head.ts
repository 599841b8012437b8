/**
 * Where a Step Functions path starts reading: `$` (the state input), `$$` (the context object) or
 * `$name` (a variable). The validator and the interpreter read the rest of a path differently (a
 * lenient syntax check against a compiler to lookups), but they must agree on this part.
 */

export type PathRoot = "input" | "context" | "variable";

export interface PathHead {
  readonly root: PathRoot;
  /** The variable a `$name...` path reads. */
  readonly variable?: string;
  /** Length of the head in the text: the path's steps start there. */
  readonly length: number;
}

const VARIABLE = /^\$([A-Za-z_][A-Za-z0-9_]*)/;
const CONTEXT: PathHead = { root: "context", length: 2 };
const INPUT: PathHead = { root: "input", length: 1 };

/** The head of a path, or undefined when the text does not start with `$`. */
export function parsePathHead(text: string): PathHead | undefined {
  if (!text.startsWith("$")) return undefined;
  if (text[1] === "$") return CONTEXT;
  const variable = VARIABLE.exec(text);
  if (variable) return { root: "variable", variable: variable[1] as string, length: variable[0].length };
  return INPUT;
}
