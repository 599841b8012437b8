/**
 * States.Format's template language, for templates written as string literals in the call: `{}` is a
 * placeholder and a backslash makes the next character literal (`\{`, `\}`, `\'`, `\\`).
 */

/** The literal text between the placeholders of a template, escapes resolved: n placeholders give n + 1 pieces. */
export function splitFormatTemplate(raw: string): string[] {
  const pieces: string[] = [];
  let piece = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === "\\" && i + 1 < raw.length) {
      piece += raw[++i];
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
