import { describeCoordinationContract } from '../contract/coordination-contract.testing';
import { openCoordination } from '../open-coordination';
import { openMemoryCoordination } from './memory-coordination';

describeCoordinationContract('in-process', async (options) => openMemoryCoordination(options));

describe('in-process coordination', () => {
  it('is what openCoordination picks without REDIS_URL', async () => {
    const coordination = await openCoordination({ redisUrl: undefined });
    expect(coordination.kind).toBe('in-process');
    await coordination.close();
  });

  it('keeps a login lockout for exactly 15 minutes after the first failure (fake clock)', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const { rateLimiter, close } = openMemoryCoordination({ now: () => now });
    const policy = { limit: 5, windowSeconds: 900 };
    for (let i = 0; i < 5; i++) {
      expect((await rateLimiter.hit('login:a@example.com', policy)).allowed).toBe(true);
      now += 60_000;
    }
    // First failure at 0:00, last at 0:04; now 0:05.
    expect(await rateLimiter.hit('login:a@example.com', policy)).toEqual({
      allowed: false,
      remaining: 0,
      retryAfterSeconds: 600,
    });
    now = Date.parse('2030-01-01T00:14:59.999Z');
    expect((await rateLimiter.hit('login:a@example.com', policy)).retryAfterSeconds).toBe(1);
    now = Date.parse('2030-01-01T00:15:00Z');
    expect(await rateLimiter.hit('login:a@example.com', policy)).toMatchObject({
      allowed: true,
      remaining: 0,
    });
    await close();
  });

  it('expires leases on its clock and never reuses a fencing token', async () => {
    let now = 0;
    const { leases, close } = openMemoryCoordination({ now: () => now });
    const a = await leases.acquire('expiry-sweeper', 'a', 1000);
    now = 999;
    await expect(leases.acquire('expiry-sweeper', 'b', 1000)).resolves.toBeNull();
    now = 1000;
    const b = await leases.acquire('expiry-sweeper', 'b', 1000);
    expect(b?.token).toBe(a!.token + 1n);
    await close();
  });
});
