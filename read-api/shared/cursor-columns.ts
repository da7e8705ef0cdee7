import { isUuid } from './query-values';

/**
 * The column types a keyset cursor carries values of, and what each accepts: exactly the values
 * the database compares without an error. A cursor's signature already proves the server wrote
 * it; checking the values too means a cursor issued by a buggy or older build is a 400 naming
 * `cursor`, never a cast error (a 500) in SQL.
 */
export type CursorColumn = 'int32' | 'text' | 'timestamp' | 'uuid';

/** The TypeScript type of a value of each column type. */
export type CursorColumnValue<C extends CursorColumn> = C extends 'int32' ? number : string;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
/**
 * `toISOString()`'s four-digit form only: years 0001 to 9999. JavaScript also writes
 * `+275760-…` and `-000001-…`, which PostgreSQL cannot parse, and PostgreSQL has no year 0.
 */
const ISO_TIME = /^(\d{4})-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

const ACCEPTS: Record<CursorColumn, (value: unknown) => boolean> = {
  int32: (value) =>
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= INT32_MIN &&
    value <= INT32_MAX,
  // PostgreSQL text cannot hold U+0000.
  text: (value) => typeof value === 'string' && !value.includes('\u0000'),
  timestamp: (value) => typeof value === 'string' && isPortableTime(value),
  uuid: isUuid,
};

export function acceptsValue<C extends CursorColumn>(
  column: C,
  value: unknown,
): value is CursorColumnValue<C> {
  return ACCEPTS[column](value);
}

function isPortableTime(value: string): boolean {
  const match = ISO_TIME.exec(value);
  if (!match || Number(match[1]) < 1) return false;
  // Round-trips, so 2025-02-30 (which Date.parse rolls over to March) is refused.
  const time = Date.parse(value);
  return !Number.isNaN(time) && new Date(time).toISOString() === value;
}
