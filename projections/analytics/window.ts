import { ValidationError } from '../../domain/shared/errors';

/**
 * The time window of an analytics query. Buckets are whole UTC hours (or days for daily sales),
 * so a window is widened to whole buckets: `from` rounded down, `to` rounded up. The answer
 * therefore covers every bucket that overlaps [from, to), the same rule the backfill uses.
 */
export type AnalyticsWindow = Readonly<{ from: Date; to: Date }>;

export type Granularity = 'hour' | 'day';

export const GRANULARITIES: readonly Granularity[] = ['hour', 'day'];

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const DEFAULT_WINDOW_DAYS = 30;
/** Hourly sales answer one row per hour: 90 days is 2,160 rows. */
export const MAX_HOURLY_DAYS = 90;
/** Daily sales: about ten years of rows. */
export const MAX_DAILY_DAYS = 3_660;

/**
 * ISO 8601 dates (`2025-05-01`: midnight UTC) or date-times with an optional fraction and an
 * optional offset (none means UTC). An unencoded `+` in a query string arrives as a space, so a
 * space before the offset is read as `+`.
 */
const ISO = new RegExp(
  '^(\\d{4})-(\\d{2})-(\\d{2})' +
    '(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?(Z|[+\\- ]\\d{2}:?\\d{2})?)?$',
  'i',
);

/** Parses one bound; undefined when the text is not an ISO 8601 date or date-time. */
export function parseInstant(text: string): Date | undefined {
  const match = ISO.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone = 'Z'] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  if (year < 1970 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined;
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  return new Date(utc - offsetMinutes(zone) * 60_000);
}

function offsetMinutes(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
}

export type WindowQuery = Readonly<{ from?: string; to?: string }>;

/**
 * The window of a query, widened to whole `unit` buckets: `to` defaults to `now`, `from` to 30
 * days before `to`. An unparsable bound, or `from` not before `to`, is a ValidationError naming
 * the field (400).
 */
export function analyticsWindow(
  query: WindowQuery,
  now: Date,
  unit: Granularity = 'hour',
): AnalyticsWindow {
  const from = query.from === undefined ? undefined : parseBound('from', query.from);
  const to = query.to === undefined ? now : parseBound('to', query.to);
  const start = from ?? new Date(to.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
  if (start.getTime() >= to.getTime()) {
    throw ValidationError.field('from', 'must be before to');
  }
  const ms = unitMs(unit);
  return {
    from: new Date(Math.floor(start.getTime() / ms) * ms),
    to: new Date(Math.ceil(to.getTime() / ms) * ms),
  };
}

/** The window of a sales query: as above, and at most as many buckets as its granularity allows. */
export function salesWindow(
  query: WindowQuery,
  now: Date,
  granularity: Granularity,
): AnalyticsWindow {
  const window = analyticsWindow(query, now, granularity);
  const maxDays = granularity === 'day' ? MAX_DAILY_DAYS : MAX_HOURLY_DAYS;
  if (window.to.getTime() - window.from.getTime() > maxDays * DAY_MS) {
    throw ValidationError.field(
      'granularity',
      granularity === 'day'
        ? `daily sales cover at most ${maxDays} days: narrow from and to`
        : `hourly sales cover at most ${maxDays} days: use granularity=day or narrow from and to`,
    );
  }
  return window;
}

function parseBound(field: 'from' | 'to', text: string): Date {
  const parsed = parseInstant(text);
  if (!parsed) {
    throw ValidationError.field(
      field,
      'must be an ISO 8601 date (2025-05-01) or date-time (2025-05-01T10:00:00Z), from 1970 on',
    );
  }
  return parsed;
}

/** Every bucket start in the window, oldest first. */
export function bucketsOf(window: AnalyticsWindow, granularity: Granularity): Date[] {
  const step = unitMs(granularity);
  const starts: Date[] = [];
  for (let at = window.from.getTime(); at < window.to.getTime(); at += step) {
    starts.push(new Date(at));
  }
  return starts;
}

function unitMs(unit: Granularity): number {
  return unit === 'day' ? DAY_MS : HOUR_MS;
}
