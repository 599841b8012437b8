/**
 * The naming rules of ASL and AWS, in one place so the builder, the validator and the interpreter
 * accept exactly the same names. Each returns what is wrong, or undefined when the name is valid.
 */

/** The longest state name Step Functions accepts, counted in UTF-16 code units as AWS does for state names. */
export const MAX_STATE_NAME_LENGTH = 80;

/** The longest state machine or execution name. */
export const MAX_AWS_NAME_LENGTH = 80;

/** The longest Map Run label. */
export const MAX_MAP_LABEL_LENGTH = 40;

/** Control characters: C0 (U+0000-001F), DEL and C1 (U+007F-009F). */
function isControl(code: number): boolean {
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

function hex(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, "0");
}

/**
 * What is wrong with a state name: it must be 1 to 80 characters long (UTF-16 code units) and hold no
 * control character.
 */
export function stateNameProblem(name: string): string | undefined {
  if (name.length === 0) return "a state name must not be empty";
  if (name.length > MAX_STATE_NAME_LENGTH) return `the name is ${name.length} characters long; the limit is ${MAX_STATE_NAME_LENGTH}`;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (isControl(code)) return `the name contains the control character U+${hex(code)} (at index ${i})`;
  }
  return undefined;
}

const FORBIDDEN_CHARACTERS = "<>{}[]?*\"#%\\^|~`$&,;:/";

function isInvalidCodePoint(code: number): boolean {
  return isControl(code) || (code >= 0xd800 && code <= 0xdfff) || code === 0xfffe || code === 0xffff || code === 0x10ffff;
}

/**
 * What is wrong with an AWS resource name (state machine, execution, Map Run label) by AWS's rule: 1 to
 * `maxLength` characters (code points), none of whitespace, brackets `< > { } [ ]`, wildcards `? *`, the
 * specials `" # % \ ^ | ~ \` $ & , ; : /`, control characters (U+0000-001F, U+007F-009F), surrogates,
 * U+FFFE, U+FFFF or U+10FFFF. (Only 0-9, A-Z, a-z, `-` and `_` work with CloudWatch Logs, but AWS accepts more.)
 */
export function awsNameProblem(name: string, maxLength: number): string | undefined {
  // The common case, without a scan.
  if (name.length >= 1 && name.length <= maxLength && /^[A-Za-z0-9_-]+$/.test(name)) return undefined;
  const characters = [...name];
  if (characters.length < 1 || characters.length > maxLength) return `it has ${characters.length} characters, not 1 to ${maxLength}`;
  for (const c of characters) {
    const code = c.codePointAt(0)!;
    if (/\s/u.test(c)) return `it contains whitespace (U+${hex(code)})`;
    if (FORBIDDEN_CHARACTERS.includes(c)) return `it contains '${c}' (none of ${[...FORBIDDEN_CHARACTERS].join(" ")} is allowed)`;
    if (isInvalidCodePoint(code)) return `it contains the control or invalid character U+${hex(code)}`;
  }
  return undefined;
}
