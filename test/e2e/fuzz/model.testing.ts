/* The shapes the fuzzing helpers share, and what a run learns as it goes. */
import fc from 'fast-check';
import { type OperationObject } from '@nestjs/swagger';

/** One operation of an OpenAPI document. */
export type Route = Readonly<{ method: string; path: string; operation: OperationObject }>;

export type FuzzRequest = Readonly<{
  method: string;
  /** Path and query string, as sent. */
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  caller: Caller;
}>;

export type Caller = 'nobody' | 'forged' | 'customer' | 'admin';

/**
 * What the run has learnt so far: ids and cursors from earlier answers, so later requests can
 * name things that exist, and positions to wait for.
 */
export type Seen = { ids: string[]; cursors: string[]; positions: string[]; pages: IssuedPage[] };

/** A list request that was answered with a cursor to its next page. */
export type IssuedPage = Readonly<{ url: string; caller: Caller; cursor: string }>;

/** One of the values seen so far (the list grows during a run); the nil UUID until then. */
export function known(values: readonly string[]): fc.Arbitrary<string> {
  return fc.nat().map((index) => values[index % Math.max(values.length, 1)] ?? NIL_UUID);
}

export const NIL_UUID = '00000000-0000-0000-0000-000000000000';
