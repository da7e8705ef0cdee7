import { type StoredResponse } from '../ports';
import { type ContractScope, sleep, uniqueKey, uniquePrefix } from './contract-helpers.testing';

const response: StoredResponse = {
  status: 201,
  headers: { 'x-position': '42', location: '/api/v1/products/p-1' },
  body: { productId: 'p-1', position: '42', nested: [1, 'two', null] },
};

export function describeIdempotencyContract(scope: ContractScope): void {
  describe('idempotency store', () => {
    it('lets the first begin start and tells the next one it is in progress', async () => {
      const { idempotency } = await scope.open();
      const key = uniqueKey('idem');
      await expect(idempotency.begin(key, 'fp-a', 30)).resolves.toEqual({ state: 'started' });
      await expect(idempotency.begin(key, 'fp-a', 30)).resolves.toEqual({
        state: 'in-progress',
        fingerprint: 'fp-a',
      });
    });

    it('replays the completed response with its fingerprint', async () => {
      const { idempotency } = await scope.open();
      const key = uniqueKey('idem');
      await idempotency.begin(key, 'fp-a', 30);
      await expect(idempotency.complete(key, 'fp-a', response, 60)).resolves.toBe(true);
      const replay = await idempotency.begin(key, 'fp-a', 30);
      expect(replay).toEqual({ state: 'completed', fingerprint: 'fp-a', response });
    });

    it('shows another body under the same key, in progress or completed (the caller’s 422)', async () => {
      const { idempotency } = await scope.open();
      const key = uniqueKey('idem');
      await idempotency.begin(key, 'fp-a', 30);
      await expect(idempotency.begin(key, 'fp-b', 30)).resolves.toMatchObject({
        state: 'in-progress',
        fingerprint: 'fp-a',
      });
      await idempotency.complete(key, 'fp-a', response, 60);
      await expect(idempotency.begin(key, 'fp-b', 30)).resolves.toMatchObject({
        state: 'completed',
        fingerprint: 'fp-a',
      });
    });

    it('lets exactly one of 50 concurrent begins start', async () => {
      const { idempotency } = await scope.open();
      const key = uniqueKey('idem');
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, () => idempotency.begin(key, 'fp', 30)),
      );
      expect(outcomes.filter((o) => o.state === 'started')).toHaveLength(1);
      expect(outcomes.filter((o) => o.state === 'in-progress')).toHaveLength(49);
    });

    it('frees an abandoned claim for a retry, but never drops a completed response', async () => {
      const { idempotency } = await scope.open();
      const key = uniqueKey('idem');
      await idempotency.begin(key, 'fp', 30);
      await idempotency.abandon(key);
      await expect(idempotency.begin(key, 'fp', 30)).resolves.toEqual({ state: 'started' });
      await idempotency.complete(key, 'fp', response, 60);
      await idempotency.abandon(key);
      await expect(idempotency.begin(key, 'fp', 30)).resolves.toMatchObject({ state: 'completed' });
    });

    it('frees a claim whose holder never finished once its TTL passes', async () => {
      const { idempotency } = await scope.open();
      const key = uniqueKey('idem');
      await idempotency.begin(key, 'fp', 0.15);
      await expect(idempotency.begin(key, 'fp', 0.15)).resolves.toMatchObject({
        state: 'in-progress',
      });
      await sleep(300);
      await expect(idempotency.begin(key, 'fp', 30)).resolves.toEqual({ state: 'started' });
    });

    it('forgets a completed response after its TTL', async () => {
      const { idempotency } = await scope.open();
      const key = uniqueKey('idem');
      await idempotency.begin(key, 'fp', 30);
      await idempotency.complete(key, 'fp', response, 0.15);
      await sleep(300);
      await expect(idempotency.begin(key, 'fp', 30)).resolves.toEqual({ state: 'started' });
    });

    it('refuses to complete over someone else’s claim or a completed response', async () => {
      const { idempotency } = await scope.open();
      const key = uniqueKey('idem');
      await idempotency.begin(key, 'fp-late', 0.1);
      await sleep(250);
      await idempotency.begin(key, 'fp-new', 30);
      await expect(idempotency.complete(key, 'fp-late', response, 60)).resolves.toBe(false);
      await expect(idempotency.begin(key, 'fp-x', 30)).resolves.toEqual({
        state: 'in-progress',
        fingerprint: 'fp-new',
      });
      await expect(idempotency.complete(key, 'fp-new', response, 60)).resolves.toBe(true);
      const other = { ...response, status: 500 };
      await expect(idempotency.complete(key, 'fp-new', other, 60)).resolves.toBe(false);
      await expect(idempotency.begin(key, 'fp-new', 30)).resolves.toMatchObject({ response });
    });

    it('keeps keys apart, also between key prefixes', async () => {
      const a = await scope.open(uniquePrefix());
      const b = await scope.open(uniquePrefix());
      const key = uniqueKey('idem');
      await expect(a.idempotency.begin(key, 'fp', 30)).resolves.toEqual({ state: 'started' });
      await expect(a.idempotency.begin(`${key}-2`, 'fp', 30)).resolves.toEqual({
        state: 'started',
      });
      await expect(b.idempotency.begin(key, 'fp', 30)).resolves.toEqual({ state: 'started' });
    });

    it('refuses a TTL that is not positive', async () => {
      const { idempotency } = await scope.open();
      await expect(idempotency.begin(uniqueKey('idem'), 'fp', 0)).rejects.toThrow(RangeError);
    });
  });
}
