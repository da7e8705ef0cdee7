import { ConcurrencyError, DuplicateEventIdError } from '../errors';
import { type EventToAppend, type ExpectedRevision } from '../port';
import { sqlState } from './query-client';
import * as sql from './schema-sql';

/**
 * Translation between the port's append and the append function's one-bigint expectation and
 * its SQLSTATEs (schema-sql.ts).
 */
export function expectedParam(expected: ExpectedRevision): string {
  if (expected === 'any') return sql.EXPECT_ANY.toString();
  if (expected === 'no-stream') return sql.EXPECT_NO_STREAM.toString();
  if (expected === 'stream-exists') return sql.EXPECT_STREAM_EXISTS.toString();
  if (expected < 0n) throw new RangeError(`expected revision must be >= 0, got ${expected}`);
  return expected.toString();
}

export function isEventIdViolation(error: unknown): boolean {
  return (
    sqlState(error) === '23505' &&
    (error as { constraint?: string }).constraint === sql.EVENT_ID_CONSTRAINT
  );
}

export function appendError(
  error: unknown,
  streamName: string,
  expected: ExpectedRevision,
  events: readonly EventToAppend[],
): unknown {
  switch (sqlState(error)) {
    case sql.WRONG_EXPECTED_REVISION: {
      const detail = (error as { detail?: string }).detail;
      const actual = detail === undefined || detail === 'no-stream' ? 'no-stream' : BigInt(detail);
      return new ConcurrencyError(streamName, String(expected), actual);
    }
    case sql.DUPLICATE_EVENT_ID:
      return new DuplicateEventIdError(
        streamName,
        events.map((e) => e.eventId),
      );
    default:
      return error;
  }
}
