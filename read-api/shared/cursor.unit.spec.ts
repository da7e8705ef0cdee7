import { randomBytes, randomUUID } from 'node:crypto';
import { ValidationError } from '../../domain/shared/errors';
import { CursorCodec } from './cursor';
import { type CursorColumn } from './cursor-columns';

describe('CursorCodec', () => {
  const secret = randomBytes(48);
  const codec = CursorCodec.fromSecret(secret);
  const id = randomUUID();

  /** The field and message a refused cursor carries, or 'accepted'. */
  function outcome(cursor: string, scope: string, columns: readonly CursorColumn[]): string {
    try {
      codec.decode(cursor, scope, columns);
      return 'accepted';
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return error.errors.map((e) => e.field).join();
    }
  }

  it('gives back the values it signed, for the scope it signed them for', () => {
    const cursor = codec.encode('products:price:x', [1999, id]);
    expect(codec.decode(cursor, 'products:price:x', ['int32', 'uuid'])).toEqual([1999, id]);
  });

  it('refuses a cursor signed under another secret, or for another scope', () => {
    const other = CursorCodec.fromSecret(randomBytes(48)).encode('s', [1, id]);
    expect(outcome(other, 's', ['int32', 'uuid'])).toBe('cursor');
    expect(outcome(codec.encode('orders:a:*', ['x', id]), 'orders:b:*', ['text', 'uuid'])).toBe(
      'cursor',
    );
  });

  it('refuses a different number of values than the list keys on', () => {
    expect(outcome(codec.encode('s', [1, id]), 's', ['int32', 'uuid', 'text'])).toBe('cursor');
  });

  it.each<[CursorColumn, unknown, string]>([
    ['int32', 2 ** 31 - 1, 'accepted'],
    ['int32', -(2 ** 31), 'accepted'],
    ['int32', 2 ** 31, 'cursor'],
    ['int32', 2 ** 53 - 1, 'cursor'],
    ['int32', 1.5, 'cursor'],
    ['int32', '7', 'cursor'],
    ['text', 'a\u0000', 'cursor'],
    ['text', 'ünïcode', 'accepted'],
    ['text', 7, 'cursor'],
    ['timestamp', '0001-01-01T00:00:00.000Z', 'accepted'],
    ['timestamp', '9999-12-31T23:59:59.999Z', 'accepted'],
    ['timestamp', '0000-01-01T00:00:00.000Z', 'cursor'],
    ['timestamp', '+275760-09-13T00:00:00.000Z', 'cursor'],
    ['timestamp', '-000001-01-01T00:00:00.000Z', 'cursor'],
    ['timestamp', '2025-02-30T00:00:00.000Z', 'cursor'],
    ['timestamp', '2025-01-01', 'cursor'],
    ['uuid', id.toUpperCase(), 'accepted'],
    ['uuid', `${id}\u0000`, 'cursor'],
  ])('checks a %s value %j even when it is signed: %s', (column, value, expected) => {
    const cursor = codec.encode('s', [value as string | number]);
    expect(outcome(cursor, 's', [column])).toBe(expected);
  });
});
