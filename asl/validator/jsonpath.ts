/**
 * Syntax checks for the paths of JSONPath states.
 *
 * RELAXED (corpus): Step Functions evaluates paths with Jayway JsonPath, which is more lenient than the RFC 9535 grammar:
 * it accepts `$.[0]`, `$.Snapshots.[0].State` and `$.[*].['a','b']` (a dot before a bracket), field
 * names with hyphens (`$.detail-type`) and unquoted filter operands (`[?(@.Code==es)]`). Real definitions
 * use all of these, so this checker accepts them too. A *reference path* (ResultPath, ItemsPath...) may
 * only name one node: no wildcards, filters, slices, unions or deep scan.
 *
 * A path starts with `$` (the state input), `$$` (the context object) or `$name` (a variable).
 */
import { isPathFunction, memoize, parsePathHead, PATH_FUNCTIONS } from "../syntax";

export type PathKind = "path" | "reference";

export interface ParsedPath {
  /** The variable a `$name...` path reads, if any. */
  variable?: string;
  context: boolean;
}

export type PathResult = { ok: true; path: ParsedPath } | { ok: false; message: string };

function fail(message: string): PathResult {
  return { ok: false, message };
}

/** Index just past the bracket expression opening at `start` (text[start] === "["), or -1. */
function closingBracket(text: string, start: number): number {
  let depth = 0;
  let quote = "";
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === "[" || c === "(") depth++;
    else if (c === "]" || c === ")") {
      depth--;
      if (depth === 0) return c === "]" ? i + 1 : -1;
    }
  }
  return -1;
}

const QUOTED = String.raw`(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")`;
const SINGLE_NAME = new RegExp(`^\\s*${QUOTED}\\s*$`);
const NAME_UNION = new RegExp(`^\\s*${QUOTED}(?:\\s*,\\s*${QUOTED})+\\s*$`);
const SINGLE_INDEX = /^\s*\d+\s*$/;
const INDEX_UNION_OR_SLICE = /^\s*(?:-?\d+\s*(?:,\s*-?\d+\s*)+|-?\d*\s*:\s*-?\d*(?:\s*:\s*-?\d*)?|-\d+)\s*$/;

/** Words a Jayway filter may contain outside quotes: operators and the JSON literals. */
const FILTER_WORDS = new Set(["in", "nin", "subsetof", "anyof", "noneof", "size", "empty", "contains", "true", "false", "null"]);

/**
 * Checks a `?(...)` filter's operands. Jayway reads anything that is not a path, quoted string, regex,
 * JSON or boolean/null literal as a number, so an unquoted word (`@.Code==es`) fails to compile.
 */
function checkFilter(filter: string): string | undefined {
  let i = 0;
  while (i < filter.length) {
    const c = filter[i] as string;
    if (c === "'" || c === '"') {
      const end = filter.indexOf(c, i + 1);
      if (end === -1) return `filter "${filter}" has an unterminated string`;
      i = end + 1;
    } else if (c === "@" || c === "$") {
      i++;
      while (i < filter.length && /[^\s=!<>&|)]/.test(filter[i] as string)) {
        if (filter[i] === "[") {
          const end = closingBracket(filter, i);
          if (end === -1) return `filter "${filter}" has an unclosed "["`;
          i = end;
        } else i++;
      }
    } else if (c === "/" ) {
      const end = filter.indexOf("/", i + 1);
      if (end === -1) return `filter "${filter}" has an unterminated regular expression`;
      i = end + 1;
      while (/[a-z]/.test(filter[i] ?? "")) i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(filter.slice(i))?.[0] ?? c;
      if (!FILTER_WORDS.has(word)) return `filter "${filter}" compares with the bare word ${word}: quote string values ('${word}')`;
      i += word.length;
    } else {
      i++;
    }
  }
  return undefined;
}

/** Checks the inside of `[...]`; returns an error message or undefined. */
function checkBracket(inner: string, kind: PathKind): string | undefined {
  if (SINGLE_NAME.test(inner) || SINGLE_INDEX.test(inner)) return undefined;
  const complex = inner.trim() === "*" || /^\s*\?\s*\(/.test(inner) || /^\s*\(/.test(inner) || NAME_UNION.test(inner) || INDEX_UNION_OR_SLICE.test(inner);
  if (!complex) return `"[${inner}]" is not a valid bracket expression (expected an index, a quoted name, *, a slice, a union or a ?(filter))`;
  if (kind === "reference") return `"[${inner}]" can select several nodes, which a reference path may not`;
  if (/^\s*\?/.test(inner)) {
    if (!/^\s*\?\s*\([\s\S]*\)\s*$/.test(inner)) return `filter "[${inner}]" must be written [?(...)]`;
    return checkFilter(inner.trim().slice(2, -1));
  }
  return undefined;
}

/** Length of a dot-notation field name starting at `start`: anything up to `.`, `[`, `(` or the end; `${...}` placeholders count as name characters. */
function nameLength(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    if (text.startsWith("${", i)) {
      const end = text.indexOf("}", i);
      if (end === -1) return i - start;
      i = end + 1;
      continue;
    }
    const c = text.charCodeAt(i);
    // . [ ] ( ' " and whitespace end a dot-notation name.
    if (c === 46 || c === 91 || c === 93 || c === 40 || c === 39 || c === 34 || c <= 32) break;
    i++;
  }
  return i - start;
}

/** One bounded memo per kind: definitions repeat the same paths a lot. */
const parsers = new Map<PathKind, (text: string) => PathResult>();

/** Parses `text` as a Step Functions path of the given kind. */
export function parsePath(text: string, kind: PathKind): PathResult {
  let parse = parsers.get(kind);
  if (!parse) {
    parse = memoize((source) => parseUncached(source, kind));
    parsers.set(kind, parse);
  }
  return parse(text);
}

function parseUncached(text: string, kind: PathKind): PathResult {
  const head = parsePathHead(text);
  if (!head) return fail(`"${text}" must start with $`);
  let i = head.length;
  const path: ParsedPath = { context: head.root === "context" };
  if (head.variable !== undefined) path.variable = head.variable;
  while (i < text.length) {
    const c = text[i];
    if (c === "[") {
      const end = closingBracket(text, i);
      if (end === -1) return fail(`"${text}" has an unclosed "[" at position ${i}`);
      const problem = checkBracket(text.slice(i + 1, end - 1), kind);
      if (problem) return fail(`"${text}": ${problem}`);
      i = end;
      continue;
    }
    if (c !== ".") return fail(`"${text}" has an unexpected "${c}" at position ${i}`);
    if (text[i + 1] === ".") {
      if (kind === "reference") return fail(`"${text}" uses deep scan (..), which a reference path may not`);
      i += 2;
    } else {
      i += 1;
    }
    const next = text[i];
    if (next === "[") continue;
    if (next === "*") {
      if (kind === "reference") return fail(`"${text}" uses a wildcard (*), which a reference path may not`);
      i++;
      continue;
    }
    const length = nameLength(text, i);
    if (length === 0) return fail(`"${text}" has an empty field name at position ${i}`);
    i += length;
    // Jayway functions such as .length() close a path; the interpreter implements the same list.
    if (text.startsWith("()", i) && i + 2 === text.length) {
      if (kind === "reference") return fail(`"${text}" calls a function, which a reference path may not`);
      const name = text.slice(i - length, i);
      if (!isPathFunction(name)) return fail(`"${text}" calls ${name}(), which is not a path function (${PATH_FUNCTIONS.map((f) => `${f}()`).join(", ")})`);
      i += 2;
    }
  }
  return { ok: true, path };
}
