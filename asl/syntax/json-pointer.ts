/** JSON pointers (RFC 6901), as validator diagnostics and interpreter definition errors locate a value. */

/** Appends reference tokens to a JSON pointer, escaping `~` and `/` (state names may hold both). */
export function pointer(base: string, ...tokens: (string | number)[]): string {
  let result = base;
  for (const token of tokens) {
    const text = String(token);
    // Most tokens need no escaping; skipping the replace keeps validation of large definitions fast.
    result += "/" + (text.includes("~") || text.includes("/") ? text.replace(/~/g, "~0").replace(/\//g, "~1") : text);
  }
  return result;
}

/** The unescaped reference tokens of a JSON pointer (`""`, the whole document, has none). */
export function pointerTokens(location: string): string[] {
  return location === "" ? [] : location.slice(1).split("/").map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
}
