import { type ContractScope, sleep, uniqueKey } from './contract-helpers.testing';

const LOGIN = { limit: 5, windowSeconds: 15 * 60 };

export function describeRateLimiterContract(scope: ContractScope): void {
  describe('rate limiter', () => {
    it('allows 5 hits in 15 minutes, then refuses with a Retry-After inside the window', async () => {
      const { rateLimiter } = await scope.open();
      const key = uniqueKey('login');
      const decisions = [];
      for (let i = 0; i < 6; i++) decisions.push(await rateLimiter.hit(key, LOGIN));
      expect(decisions.slice(0, 5)).toEqual(
        [4, 3, 2, 1, 0].map((remaining) => ({ allowed: true, remaining, retryAfterSeconds: 0 })),
      );
      expect(decisions[5]).toMatchObject({ allowed: false, remaining: 0 });
      // The first hit was a moment ago: the window frees it in just under 900 s.
      expect(decisions[5].retryAfterSeconds).toBeGreaterThanOrEqual(895);
      expect(decisions[5].retryAfterSeconds).toBeLessThanOrEqual(900);
    });

    it('counts per key', async () => {
      const { rateLimiter } = await scope.open();
      const [a, b] = [uniqueKey('login'), uniqueKey('login')];
      for (let i = 0; i < 5; i++) await rateLimiter.hit(a, LOGIN);
      expect((await rateLimiter.hit(a, LOGIN)).allowed).toBe(false);
      expect(await rateLimiter.hit(b, LOGIN)).toMatchObject({ allowed: true, remaining: 4 });
    });

    it('allows exactly the limit among concurrent hits', async () => {
      const { rateLimiter } = await scope.open();
      const key = uniqueKey('login');
      const decisions = await Promise.all(
        Array.from({ length: 30 }, () => rateLimiter.hit(key, LOGIN)),
      );
      expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
      const remaining = decisions.filter((d) => d.allowed).map((d) => d.remaining);
      expect(remaining.sort()).toEqual([0, 1, 2, 3, 4]);
    });

    it('starts over after reset (a successful login)', async () => {
      const { rateLimiter } = await scope.open();
      const key = uniqueKey('login');
      for (let i = 0; i < 6; i++) await rateLimiter.hit(key, LOGIN);
      await rateLimiter.reset(key);
      expect(await rateLimiter.hit(key, LOGIN)).toMatchObject({ allowed: true, remaining: 4 });
    });

    it('slides: each hit frees its slot one window after it, refused hits never count', async () => {
      const { rateLimiter } = await scope.open();
      const key = uniqueKey('slide');
      const policy = { limit: 2, windowSeconds: 1 };
      const start = Date.now();
      expect((await rateLimiter.hit(key, policy)).allowed).toBe(true);
      await sleep(500);
      expect((await rateLimiter.hit(key, policy)).allowed).toBe(true);
      const refused = await rateLimiter.hit(key, policy);
      expect(refused).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
      // Past the first hit's window, inside the second's: a fixed window would allow two here.
      await sleep(start + 1200 - Date.now());
      expect(await rateLimiter.hit(key, policy)).toMatchObject({ allowed: true, remaining: 0 });
      expect((await rateLimiter.hit(key, policy)).allowed).toBe(false);
    });

    it('refuses nonsense policies', async () => {
      const { rateLimiter } = await scope.open();
      const key = uniqueKey('bad');
      await expect(rateLimiter.hit(key, { limit: 0, windowSeconds: 60 })).rejects.toThrow(
        RangeError,
      );
      await expect(rateLimiter.hit(key, { limit: 1.5, windowSeconds: 60 })).rejects.toThrow(
        RangeError,
      );
      await expect(rateLimiter.hit(key, { limit: 5, windowSeconds: 0 })).rejects.toThrow(
        RangeError,
      );
    });
  });
}
