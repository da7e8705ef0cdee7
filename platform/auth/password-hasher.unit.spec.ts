import { verifyPassword } from './password-hash';
import { PasswordHashQueue } from './password-hasher';

class QueueFull extends Error {}

describe('PasswordHashQueue', () => {
  const queue = (concurrency: number, maxWaiting: number) =>
    new PasswordHashQueue({ concurrency, maxWaiting, whenFull: () => new QueueFull('full') });

  it('runs `concurrency` hashes, lets `maxWaiting` wait and refuses the next at once', async () => {
    const hasher = queue(1, 1);
    const running = hasher.hash('first password 1');
    const waiting = hasher.hash('second password 2');
    expect(hasher.depth).toEqual({ running: 1, waiting: 1 });
    await expect(hasher.hash('third password 3')).rejects.toThrow(QueueFull);
    await expect(hasher.verifyUnknownUser('fourth password 4')).rejects.toThrow(QueueFull);

    const [first, second] = await Promise.all([running, waiting]);
    expect(await verifyPassword('first password 1', first)).toBe(true);
    expect(await verifyPassword('second password 2', second)).toBe(true);
    expect(hasher.depth).toEqual({ running: 0, waiting: 0 });
  });

  it('takes new work again once the queue has drained', async () => {
    const hasher = queue(2, 0);
    const both = [hasher.hash('a password 1'), hasher.hash('b password 2')];
    await expect(hasher.hash('c password 3')).rejects.toThrow(QueueFull);
    await Promise.all(both);
    const encoded = await hasher.hash('d password 4');
    expect(await hasher.verify('d password 4', encoded)).toBe(true);
    expect(await hasher.verify('wrong password 5', encoded)).toBe(false);
  });

  it('frees the slot of a hash that fails', async () => {
    const hasher = queue(1, 0);
    await expect(hasher.verify('any password 1', 'not a hash')).rejects.toThrow(/unusable/);
    expect(hasher.depth).toEqual({ running: 0, waiting: 0 });
    await expect(hasher.hash('next password 2')).resolves.toMatch(/^scrypt\$/);
  });

  it('refuses nonsense bounds', () => {
    expect(() => queue(0, 1)).toThrow(RangeError);
    expect(() => queue(1, -1)).toThrow(RangeError);
  });
});
