import { InvalidPositionError } from './errors';

/**
 * Positions are two unsigned 64-bit integers: (transaction id, sequence) on PostgreSQL,
 * (commit, prepare) on EventStoreDB. Encoded as two 20-digit zero-padded decimals joined by '-',
 * string order equals numeric pair order, so a position stored in a text column still sorts
 * correctly. Decimal keeps them readable next to `pg_current_xact_id()` or an ESDB log position.
 */
const WIDTH = 20;
/** The shape as a pattern an OpenAPI document can publish (ASCII digits in every dialect). */
export const POSITION_PATTERN = '^[0-9]{20}-[0-9]{20}$';
const SHAPE = new RegExp(POSITION_PATTERN);
const MAX = (1n << 64n) - 1n;

export type PositionPair = Readonly<{ high: bigint; low: bigint }>;

export const START_POSITION = encodePosition({ high: 0n, low: 0n });

export function encodePosition({ high, low }: PositionPair): string {
  if (high < 0n || low < 0n || high > MAX || low > MAX) {
    throw new RangeError(`position parts out of range: ${high}, ${low}`);
  }
  return `${high.toString().padStart(WIDTH, '0')}-${low.toString().padStart(WIDTH, '0')}`;
}

/** Builds a position from the text the database driver returns (xid8 and bigint as strings). */
export function encodePositionText(high: string, low: string): string {
  if (high.length > WIDTH || low.length > WIDTH)
    return encodePosition({ high: BigInt(high), low: BigInt(low) });
  return `${high.padStart(WIDTH, '0')}-${low.padStart(WIDTH, '0')}`;
}

export function decodePosition(position: string): PositionPair {
  assertPosition(position);
  return {
    high: BigInt(position.slice(0, WIDTH)),
    low: BigInt(position.slice(WIDTH + 1)),
  };
}

/** The two parts as decimal strings without padding, ready to bind as SQL parameters. */
export function positionParts(position: string): [high: string, low: string] {
  const { high, low } = decodePosition(position);
  return [high.toString(), low.toString()];
}

export function comparePositions(a: string, b: string): number {
  assertPosition(a);
  assertPosition(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

function assertPosition(position: string): void {
  if (typeof position !== 'string' || !SHAPE.test(position)) {
    throw new InvalidPositionError(String(position));
  }
}

/** True for a string in the shape every adapter's positions take (for validating client input). */
export function isPosition(value: unknown): value is string {
  return typeof value === 'string' && SHAPE.test(value);
}
