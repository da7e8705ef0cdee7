/** `2026-01-02T03:04:05.678Z`: what `Date.prototype.toISOString` gives for years 0 to 9999. */
const CANONICAL =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/**
 * A time as millisecond ISO 8601 UTC: the precision a timestamptz keeps through JavaScript, and
 * one format, so a row rewritten in a later batch equals one written at once. Events carry their
 * times in this form already; those pass through unparsed (a `Date` parse and format per event
 * was a few percent of a rebuild's one thread, bench/README.md). Loaded `Date`s and other
 * notations (an offset, microseconds) are converted.
 */
export function isoTime(value: string | Date): string {
  if (typeof value === 'string' && CANONICAL.test(value)) return value;
  return new Date(value).toISOString();
}

/** The later of two `isoTime` values: in that one format, text order is time order. */
export function laterTime(a: string, b: string): string {
  return a >= b ? a : b;
}
