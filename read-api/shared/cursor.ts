import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '../../domain/shared/errors';
import { type CursorColumn, type CursorColumnValue, acceptsValue } from './cursor-columns';

export type CursorValue = string | number;

/** What decode returns for a list of column types: a tuple of their values. */
export type CursorValues<C extends readonly CursorColumn[]> = {
  -readonly [K in keyof C]: CursorColumnValue<C[K]>;
};

/**
 * Keyset cursors: the sort key of a page's last item and the scope it belongs to (route, sort
 * order, filters, whose list), as base64url JSON followed by an HMAC-SHA256 of it. Opaque to
 * clients. Anything the server did not sign, or signed for another scope, is a 400 naming
 * `cursor` before any value reaches a query; the values are then checked against their
 * columns' types as well (see cursor-columns.ts).
 */
export class CursorCodec {
  private constructor(private readonly key: Buffer) {}

  /**
   * Keyed from the access-token secret, which every read API process already shares (so a
   * cursor from one instance works on another), through HKDF so that the cursor key and the
   * token key are independent: a cursor's MAC can never be replayed as a token signature.
   */
  static fromSecret(secret: Buffer): CursorCodec {
    return new CursorCodec(Buffer.from(hkdfSync('sha256', secret, '', HKDF_INFO, 32)));
  }

  encode(scope: string, values: readonly CursorValue[]): string {
    const payload = Buffer.from(JSON.stringify({ s: scope, v: values })).toString('base64url');
    return `${payload}.${this.mac(payload).toString('base64url')}`;
  }

  decode<const C extends readonly CursorColumn[]>(
    cursor: string,
    scope: string,
    columns: C,
  ): CursorValues<C> {
    const decoded = this.verified(cursor);
    if (decoded.s !== scope) {
      throw ValidationError.field('cursor', 'belongs to another list, sort order or filter');
    }
    const values = decoded.v;
    if (values.length !== columns.length) throw notIssuedHere();
    columns.forEach((column, index) => {
      if (!acceptsValue(column, values[index])) throw notIssuedHere();
    });
    return values as CursorValues<C>;
  }

  /** The payload, once its MAC checks out; nothing unsigned is even parsed. */
  private verified(cursor: string): { s: unknown; v: unknown[] } {
    const [payload, mac, ...rest] = cursor.split('.');
    if (payload === undefined || mac === undefined || rest.length > 0) throw notIssuedHere();
    const expected = this.mac(payload);
    const presented = Buffer.from(mac, 'base64url');
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
      throw notIssuedHere();
    }
    const { s, v } = parsePayload(payload);
    if (!Array.isArray(v)) throw notIssuedHere();
    return { s, v };
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key).update(payload).digest();
  }
}

/** Only what encode wrote passes the MAC, but a cursor must never be a 500, even then. */
function parsePayload(payload: string): { s?: unknown; v?: unknown } {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof decoded === 'object' && decoded !== null ? decoded : {};
  } catch {
    return {};
  }
}

const HKDF_INFO = 'shopstream read-api keyset cursor v1';

function notIssuedHere(): ValidationError {
  return ValidationError.field('cursor', 'is not a cursor this endpoint issued; start over');
}
