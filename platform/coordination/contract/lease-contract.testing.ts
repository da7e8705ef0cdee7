import { type ContractScope, sleep, uniqueKey } from './contract-helpers.testing';

export function describeLeaseContract(scope: ContractScope): void {
  describe('leases', () => {
    it('go to one owner at a time, with an expiry a TTL away', async () => {
      const { leases } = await scope.open();
      const name = uniqueKey('lease');
      const before = Date.now();
      const lease = await leases.acquire(name, 'owner-a', 5000);
      expect(lease).not.toBeNull();
      expect(typeof lease?.token).toBe('bigint');
      expect(lease!.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 5000);
      expect(lease!.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 5000);
      await expect(leases.acquire(name, 'owner-b', 5000)).resolves.toBeNull();
      // The holder asking again keeps its token: a restarted loop does not fence itself out.
      await expect(leases.acquire(name, 'owner-a', 5000)).resolves.toMatchObject({
        token: lease!.token,
      });
    });

    it('renew only for the holder with its token, and keep the lease past its first TTL', async () => {
      const { leases } = await scope.open();
      const name = uniqueKey('lease');
      // Wide margins: on a loaded machine a 150 ms pause can take longer than a 300 ms TTL.
      const lease = await leases.acquire(name, 'owner-a', 1_500);
      await expect(leases.renew(name, 'owner-b', lease!.token, 1_500)).resolves.toBe(false);
      await expect(leases.renew(name, 'owner-a', lease!.token + 1n, 1_500)).resolves.toBe(false);
      await sleep(500);
      await expect(leases.renew(name, 'owner-a', lease!.token, 5_000)).resolves.toBe(true);
      await sleep(1_500);
      await expect(leases.acquire(name, 'owner-b', 1_500)).resolves.toBeNull();
    });

    it('expire: another owner gets a larger token, and the old owner can neither renew nor release', async () => {
      const { leases } = await scope.open();
      const name = uniqueKey('lease');
      const old = await leases.acquire(name, 'owner-a', 100);
      await sleep(250);
      const taken = await leases.acquire(name, 'owner-b', 5000);
      expect(taken).not.toBeNull();
      expect(taken!.token).toBeGreaterThan(old!.token);
      await expect(leases.renew(name, 'owner-a', old!.token, 5000)).resolves.toBe(false);
      await expect(leases.release(name, 'owner-a', old!.token)).resolves.toBe(false);
      await expect(leases.acquire(name, 'owner-a', 5000)).resolves.toBeNull();
    });

    it('released by the holder are free at once, with a strictly larger token next', async () => {
      const { leases } = await scope.open();
      const name = uniqueKey('lease');
      const tokens: bigint[] = [];
      for (const owner of ['a', 'b', 'c', 'a']) {
        const lease = await leases.acquire(name, owner, 5000);
        expect(lease).not.toBeNull();
        tokens.push(lease!.token);
        await expect(leases.release(name, 'someone-else', lease!.token)).resolves.toBe(false);
        await expect(leases.release(name, owner, lease!.token)).resolves.toBe(true);
      }
      for (let i = 1; i < tokens.length; i++) expect(tokens[i]).toBeGreaterThan(tokens[i - 1]);
    });

    it('go to exactly one of many concurrent owners', async () => {
      const { leases } = await scope.open();
      const name = uniqueKey('lease');
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => leases.acquire(name, `owner-${i}`, 5000)),
      );
      expect(results.filter((r) => r !== null)).toHaveLength(1);
    });

    it('are independent per name, owner ids may contain colons', async () => {
      const { leases } = await scope.open();
      const [x, y] = [uniqueKey('lease'), uniqueKey('lease')];
      const owner = 'host:1234:worker';
      const a = await leases.acquire(x, owner, 5000);
      const b = await leases.acquire(y, 'other', 5000);
      expect(a).not.toBeNull();
      expect(b).not.toBeNull();
      await expect(leases.renew(x, owner, a!.token, 5000)).resolves.toBe(true);
      await expect(leases.acquire(x, 'host', 5000)).resolves.toBeNull();
    });

    it('refuse a TTL that is not positive', async () => {
      const { leases } = await scope.open();
      await expect(leases.acquire(uniqueKey('lease'), 'a', 0)).rejects.toThrow(RangeError);
    });
  });
}
