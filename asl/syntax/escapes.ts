/**
 * The escapes of intrinsic string literals. AWS, "Reserved characters in intrinsic functions": the
 * literal strings `\'`, `\{`, `\}` and `\\` stand for `'`, `{`, `}` and `\`; "If an open escape backslash `\` is
 * found in the intrinsic invocation string, the interpreter will return a runtime error."
 */

/** The characters a backslash may escape. */
const ESCAPABLE = "'{}\\";

export function isEscapable(c: string): boolean {
  return ESCAPABLE.includes(c);
}

/** Why a backslash followed by `next` (`\b`, `\-`) is refused. */
export function openEscape(next: string): string {
  return `open escape backslash "\\${next}": only \\', \\{, \\} and \\\\ are escapes (write \\\\ for a literal backslash)`;
}
