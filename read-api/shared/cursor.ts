import { ValidationError } from '../../domain/shared/errors';

export type CursorValue = string | number | null;

/**
 * Keyset cursors: the sort key values of the last item of a page, plus the name of the ordering
 * they belong to, as base64url JSON. Opaque to clients; a cursor from another ordering or a
 * tampered one is a 400 naming `cursor`, never a wrong page.
 */
export function encodeCursor(values: readonly CursorValue[], scope = ''): string {
  return Buffer.from(JSON.stringify({ s: scope, v: values })).toString('base64url');
}

export function decodeCursor(cursor: string, length: number, scope = ''): CursorValue[] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!isCursor(decoded) || decoded.v.length !== length) throw invalid();
  if (decoded.s !== scope) {
    throw ValidationError.field('cursor', 'belongs to another sort order or filter; start over');
  }
  return decoded.v;
}

function isCursor(value: unknown): value is { s: string; v: CursorValue[] } {
  if (typeof value !== 'object' || value === null) return false;
  const { s, v } = value as { s?: unknown; v?: unknown };
  return (
    typeof s === 'string' &&
    Array.isArray(v) &&
    v.every((part) => part === null || typeof part === 'string' || typeof part === 'number')
  );
}

function invalid(): ValidationError {
  return ValidationError.field('cursor', 'is not a cursor this endpoint issued');
}
