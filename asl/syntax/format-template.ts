/**
 * States.Format's template language, for templates written as string literals in the call: `{}` is a
 * placeholder and a backslash escapes one of the reserved characters (`\{`, `\}`, `\'`, `\\`).
 */
import { isEscapable, openEscape } from "./escapes";

/**
 * The literal text between the placeholders of a template, escapes resolved: n placeholders give n + 1
 * pieces. Throws on an open escape (a backslash before any other character), as the parser does, so a
 * raw text the parser accepted never throws here.
 */
export function splitFormatTemplate(raw: string): string[] {
  const pieces: string[] = [];
  let piece = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === "\\") {
      const next = raw[i + 1];
      if (next === undefined || !isEscapable(next)) throw new SyntaxError(openEscape(next ?? ""));
      piece += next;
      i++;
    } else if (c === "{" && raw[i + 1] === "}") {
      pieces.push(piece);
      piece = "";
      i++;
    } else {
      piece += c;
    }
  }
  pieces.push(piece);
  return pieces;
}
