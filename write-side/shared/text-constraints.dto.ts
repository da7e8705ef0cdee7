/**
 * OpenAPI spellings of the text rules the deciders apply, so the document refuses exactly what
 * the server refuses and a fuzzer's valid data is accepted.
 *
 * The deciders trim text (`String.prototype.trim()`) before checking it. The patterns below spell
 * out the characters trim() removes instead of writing `\s`, whose meaning differs between regex
 * dialects (Python's includes U+001C..U+001F, JavaScript's includes U+FEFF).
 */
const TRIMMED =
  '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';

/** Leading or trailing characters trim() removes, around an anchored pattern. */
export const SURROUNDING_SPACE = `[${TRIMMED}]*`;

/** Unanchored: at least one character trim() keeps, so a blank string is refused like "". */
export const NOT_BLANK = `[^${TRIMMED}]`;

/** Text that must not be empty or blank, of at most `maxLength` characters. */
export function nonBlankText(maxLength: number): {
  minLength: number;
  maxLength: number;
  pattern: string;
} {
  return { minLength: 1, maxLength, pattern: NOT_BLANK };
}

/**
 * domain/user `checkEmail`: one @, no whitespace, a dot in the domain, checked after trimming.
 * Deliberately looser than `format: email` (RFC 5322), which would refuse addresses it accepts.
 */
export const EMAIL_PATTERN =
  `^${SURROUNDING_SPACE}[^${TRIMMED}@]+@[^${TRIMMED}@.]+(?:\\.[^${TRIMMED}@.]+)+` +
  `${SURROUNDING_SPACE}$`;

/** domain/user `checkPasswordPolicy`: a Unicode letter and a Unicode decimal digit, any order. */
export const PASSWORD_PATTERN = '\\p{L}[\\s\\S]*\\p{Nd}|\\p{Nd}[\\s\\S]*\\p{L}';
