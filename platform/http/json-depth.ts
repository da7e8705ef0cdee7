import { ValidationError } from '../../domain/shared/errors';

/**
 * How deeply a request body may nest arrays and objects. Real bodies nest three levels (an
 * order's lines); parsing, DTO conversion and validation all walk a body recursively, and a few
 * thousand levels (a few kilobytes) would overflow their stack.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * The 400 for a JSON text nested deeper than MAX_JSON_DEPTH (undefined when it is not), found by
 * one pass over its characters before anything parses it: no recursion, so no input can
 * overflow the stack here either. Brackets inside strings do not count.
 */
export function nestingError(text: string): ValidationError | undefined {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === '[' || char === '{') {
      if (++depth > MAX_JSON_DEPTH) {
        return ValidationError.field('body', `must not nest deeper than ${MAX_JSON_DEPTH} levels`);
      }
    } else if (char === ']' || char === '}') {
      depth--;
    }
  }
  return undefined;
}
