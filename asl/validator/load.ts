/**
 * Reading definition files for the CLI: JSON or YAML (by extension), glob expansion, and mapping a
 * diagnostic's JSON pointer back to a line and column of the file.
 */
import { readFileSync } from "node:fs";
import { glob, isDynamicPattern } from "tinyglobby";
import { LineCounter, parseDocument, isNode, type Document } from "yaml";
import type { Diagnostic } from "./diagnostic";
import { collectScopes, isRecord } from "./walk";
import { pointerTokens } from "../syntax/json-pointer";

export interface Position {
  line: number;
  column: number;
}

export type LoadedFile =
  | { ok: true; definition: unknown; locate: (location: string) => Position | undefined; duplicateKeys: Diagnostic[] }
  | { ok: false; diagnostic: Diagnostic };

/** The key (a JSON string or a plain YAML scalar) starting at `offset`, if it can be read. */
function keyAt(text: string, offset: number): string | undefined {
  const quoted = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(offset));
  if (quoted) return JSON.parse(quoted[0]) as string;
  return /^[^:\s]+/.exec(text.slice(offset))?.[0];
}

function isYaml(file: string): boolean {
  return /\.ya?ml$/i.test(file);
}

/** `JSON.parse`'s "at position N" as a line and column, for a message that points at the culprit. */
function jsonErrorPosition(text: string, message: string): string {
  const match = /position (\d+)/.exec(message);
  if (!match) return "";
  const before = text.slice(0, Number(match[1]));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return ` (line ${line}, column ${column})`;
}

/** Builds a pointer-to-position lookup over a parsed YAML/JSON document. */
function locator(document: Document, lines: LineCounter): (location: string) => Position | undefined {
  return (location) => {
    const path = pointerTokens(location);
    // Walk down as far as the path exists: a pointer to a missing field lands on its parent.
    for (let depth = path.length; depth >= 0; depth--) {
      const keys = path.slice(0, depth).map((key) => (/^\d+$/.test(key) ? Number(key) : key));
      const node = depth === 0 ? document.contents : document.getIn(keys, true);
      if (isNode(node) && node.range) {
        const { line, col } = lines.linePos(node.range[0]);
        return { line, column: col };
      }
    }
    return undefined;
  };
}

/** Reads and parses one definition file (`file` names it in messages); failures come back as one INVALID_JSON_DESCRIPTION diagnostic. */
export function loadDefinitionFile(path: string, file = path): LoadedFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    return { ok: false, diagnostic: { severity: "ERROR", code: "INVALID_JSON_DESCRIPTION", location: "", message: `cannot read ${file}: ${reason}` } };
  }
  const yaml = isYaml(path);
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  let definition: unknown;
  if (yaml) {
    const fatal = document.errors.find((error) => error.code !== "DUPLICATE_KEY");
    if (fatal) {
      const { line, col } = lines.linePos(fatal.pos[0]);
      return { ok: false, diagnostic: { severity: "ERROR", code: "INVALID_JSON_DESCRIPTION", location: "", message: `${file} is not valid YAML (line ${line}, column ${col}): ${fatal.message.split("\n")[0]}` } };
    }
    definition = document.toJS({ maxAliasCount: 100 });
  } else {
    try {
      definition = JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      return { ok: false, diagnostic: { severity: "ERROR", code: "INVALID_JSON_DESCRIPTION", location: "", message: `${file} is not valid JSON${jsonErrorPosition(text, message)}: ${message}` } };
    }
  }
  // JSON.parse keeps the last of two equal keys silently; AWS rejects such a definition.
  const stateNames = new Set(isRecord(definition) ? collectScopes(definition).flatMap((scope) => [...scope.names]) : []);
  const duplicateKeys: Diagnostic[] = document.errors
    .filter((error) => error.code === "DUPLICATE_KEY")
    .map((error) => {
      const { line, col } = lines.linePos(error.pos[0]);
      const key = keyAt(text, error.pos[0]);
      const isState = key !== undefined && stateNames.has(key);
      return {
        severity: "ERROR",
        code: isState ? "DUPLICATE_STATE_NAME" : "SCHEMA_VALIDATION_FAILED",
        location: "",
        message: `${isState ? "state name" : "key"} ${key === undefined ? "" : JSON.stringify(key) + " "}appears twice in one object (line ${line}, column ${col}); only the last would be kept`,
      };
    });
  return { ok: true, definition, locate: locator(document, lines), duplicateKeys };
}

export interface ExpandedInputs {
  files: string[];
  /** Arguments that name no file: a missing path or a glob without matches. */
  unmatched: string[];
}

/** Expands the CLI's file arguments: globs through tinyglobby, plain paths kept as given (sorted, deduplicated). */
export async function expandInputs(inputs: string[], cwd: string): Promise<ExpandedInputs> {
  const files: string[] = [];
  const unmatched: string[] = [];
  for (const input of inputs) {
    if (!isDynamicPattern(input)) {
      files.push(input);
      continue;
    }
    const matches = await glob(input, { cwd, onlyFiles: true, expandDirectories: false });
    if (matches.length === 0) unmatched.push(input);
    files.push(...matches.sort());
  }
  return { files: [...new Set(files)], unmatched };
}
