import fc from 'fast-check';
import { anyJson, awkwardNumber, awkwardString } from './schema-values.testing';
import { type FuzzRequest, NIL_UUID, type Route, type Seen, known } from './model.testing';

/** Cursors the server issued (kept or with one character changed), unsigned ones, garbage. */
export function cursor(seen: Seen): fc.Arbitrary<string> {
  return fc.oneof(
    known(seen.cursors),
    fc
      .tuple(known(seen.cursors), fc.nat(), fc.constantFrom('A', '_', '.', '-'))
      .map(
        ([text, at, char]) =>
          `${text.slice(0, at % (text.length + 1))}${char}${text.slice((at % (text.length + 1)) + 1)}`,
      ),
    {
      // A scope the server uses, with a value it never wrote.
      arbitrary: fc
        .tuple(known(seen.cursors), tampering())
        .map(([text, change]) => tampered(text, change)),
      weight: 4,
    },
    fc
      .record({ s: fc.string({ maxLength: 20 }), v: fc.array(anyJson(), { maxLength: 3 }) })
      .map((payload) => Buffer.from(JSON.stringify(payload)).toString('base64url')),
    fc.tuple(fc.base64String(), fc.base64String()).map(([a, b]) => `${a}.${b}`),
    awkwardString(),
  );
}

/**
 * A list request answered earlier, asked again for its next page with a tampered cursor: the
 * same route, filters and caller, so the cursor's scope matches and only its values can be
 * refused. (The route's path with a garbage cursor until a page was seen.)
 */
export function nextPagesOf(route: Route, seen: Seen): fc.Arbitrary<FuzzRequest> {
  return fc.tuple(fc.nat(), tampering()).map(([index, change]) => {
    const pages = seen.pages.filter((page) => page.url.split('?')[0] === route.path);
    const page = pages[index % Math.max(pages.length, 1)];
    const url = new URL(page?.url ?? route.path, 'http://localhost');
    url.searchParams.set('cursor', tampered(page?.cursor ?? '', change));
    return {
      method: route.method,
      url: `${url.pathname}${url.search}`,
      headers: {},
      body: undefined,
      caller: page?.caller ?? 'admin',
    };
  });
}

/** How to tamper with one value of a cursor: which one, and its replacement by JS type. */
function tampering(): fc.Arbitrary<Tampering> {
  // Texts at the edges of column types: NUL, and times that JS and PostgreSQL disagree on.
  const edgeText = fc.constantFrom(
    'a\u0000',
    `${NIL_UUID}\u0000`,
    '+275760-09-13T00:00:00.000Z',
    '-000001-01-01T00:00:00.000Z',
    '0000-01-01T00:00:00.000Z',
  );
  return fc.record({
    at: fc.nat(),
    text: fc.oneof(edgeText, awkwardString()),
    number: awkwardNumber(),
  });
}

type Tampering = Readonly<{ at: number; text: string; number: number }>;

/**
 * An issued cursor, unsigned, with its scope kept and one value replaced by an awkward one of
 * the same JSON type: what a client editing a cursor would try, and what the old checks (by
 * type only) let through to SQL.
 */
function tampered(cursor: string, { at, text, number }: Tampering): string {
  let payload: { s?: unknown; v?: unknown };
  try {
    payload = JSON.parse(Buffer.from(cursor.split('.')[0], 'base64url').toString('utf8'));
  } catch {
    payload = { s: cursor, v: [] };
  }
  const values = Array.isArray(payload.v) ? [...(payload.v as unknown[])] : [];
  const index = at % Math.max(values.length, 1);
  values[index] = typeof values[index] === 'number' ? number : text;
  return Buffer.from(JSON.stringify({ s: payload.s, v: values })).toString('base64url');
}
