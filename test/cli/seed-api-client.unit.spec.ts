import { apiClient, retryAfterSeconds } from '../../cli/seed/api-client';
import { serverAnswering } from './loopback-server.testing';

describe('seed API client', () => {
  const waited: number[] = [];
  const notes: string[] = [];
  const clientOf = (baseUrl: string) =>
    apiClient({
      baseUrl,
      name: 'write API',
      onWait: (message) => notes.push(message),
      sleep: async (ms) => void waited.push(ms),
    });
  beforeEach(() => {
    waited.length = 0;
    notes.length = 0;
  });

  it('waits out 429 and 503 as Retry-After says, and retries with the same Idempotency-Key', async () => {
    const server = await serverAnswering([
      { status: 429, headers: { 'retry-after': '7' } },
      { status: 503 }, // nginx's limit_req and a full hashing queue may send none: 1 s
      { status: 201, body: { userId: 'u-1' } },
    ]);
    try {
      const answer = await clientOf(server.url).call({
        method: 'POST',
        path: '/auth/register',
        body: { email: 'a@example.com' },
      });
      expect(answer.body).toEqual({ userId: 'u-1' });
      expect(waited).toEqual([7_000, 1_000]);
      expect(notes[0]).toBe('POST /auth/register: 429 from the write API, waiting 7 s as asked');
      const keys = server.seen.map((request) => request.headers['idempotency-key']);
      expect(keys[0]).toEqual(expect.any(String));
      expect(new Set(keys)).toEqual(new Set([keys[0]]));
      expect(server.seen.map((request) => request.url)).toEqual(
        Array(3).fill('/api/v1/auth/register'),
      );
    } finally {
      await server.close();
    }
  });

  it('says a refused request in one line with the problem and its fields', async () => {
    const server = await serverAnswering([
      {
        status: 400,
        body: {
          title: 'Bad request',
          detail: 'The body is invalid',
          errors: [{ field: 'country', message: 'is not an ISO 3166-1 code' }],
        },
      },
    ]);
    try {
      await expect(
        clientOf(server.url).call({ method: 'POST', path: '/users/me/addresses', body: {} }),
      ).rejects.toThrow(
        'POST /users/me/addresses on the write API answered 400: The body is invalid ' +
          '(country is not an ISO 3166-1 code)',
      );
      expect(waited).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('names the URL and `npm start` when nothing answers', async () => {
    const server = await serverAnswering([]);
    await server.close(); // its port is now free, so nothing listens there
    const failure = clientOf(server.url).call({ method: 'GET', path: '/categories' });
    await expect(failure).rejects.toThrow(`nothing answers at ${server.url} (the write API`);
    await expect(failure).rejects.toThrow('start Shopstream with `npm start`');
  });

  it('reads Retry-After as seconds or an HTTP date, within 1 to 60 s', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterSeconds('12', now)).toBe(12);
    expect(retryAfterSeconds('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30);
    expect(retryAfterSeconds('0', now)).toBe(1);
    expect(retryAfterSeconds('3600', now)).toBe(60);
    expect(retryAfterSeconds(null, now)).toBe(1);
    expect(retryAfterSeconds('soon', now)).toBe(1);
  });
});
