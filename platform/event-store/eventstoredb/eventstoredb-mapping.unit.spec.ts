import { ANY, NO_STREAM, STREAM_EXISTS } from '@eventstore/db-client';
import { newEvent } from '../contract/contract-helpers';
import { type RecordedEvent } from '../port';
import {
  fromEsdbPosition,
  matchesFilter,
  serverFilter,
  toEsdbExpected,
  toEsdbPosition,
} from './eventstoredb-mapping';

const recorded = (type: string, streamName: string): RecordedEvent => ({
  ...newEvent(type),
  data: {},
  streamName,
  revision: 0n,
  position: fromEsdbPosition({ commit: 1n, prepare: 1n }),
});

test('expected revisions map to the client constants', () => {
  expect(toEsdbExpected('any')).toBe(ANY);
  expect(toEsdbExpected('no-stream')).toBe(NO_STREAM);
  expect(toEsdbExpected('stream-exists')).toBe(STREAM_EXISTS);
  expect(toEsdbExpected(41n)).toBe(41n);
});

test('positions keep both commit and prepare', () => {
  const position = { commit: 1234n, prepare: 1200n };
  expect(toEsdbPosition(fromEsdbPosition(position))).toEqual(position);
});

test('the server gets the event-type filter when there is one, else prefixes, else no system events', () => {
  expect(serverFilter({ eventTypes: ['Order.Placed', 'Paid'] })).toMatchObject({
    filterOn: 'eventType',
    regex: '^(?:Order\\.Placed|Paid)$',
  });
  expect(serverFilter({ streamPrefixes: ['order-'] })).toMatchObject({
    filterOn: 'streamName',
    prefixes: ['order-'],
  });
  expect(serverFilter(undefined)).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*' });
});

test('the client-side filter requires both the type and the prefix', () => {
  const filter = { eventTypes: ['Paid'], streamPrefixes: ['order-'] };
  expect(matchesFilter(recorded('Paid', 'order-1'), filter)).toBe(true);
  expect(matchesFilter(recorded('Paid', 'cart-1'), filter)).toBe(false);
  expect(matchesFilter(recorded('Placed', 'order-1'), filter)).toBe(false);
  expect(matchesFilter(recorded('Placed', 'cart-1'), undefined)).toBe(true);
});
