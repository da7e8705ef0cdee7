import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { installFastAsyncResourceBind } from './async-resource-bind';

describe('installFastAsyncResourceBind', () => {
  beforeAll(() => installFastAsyncResourceBind());

  it('replaces the helper that defines the deprecated asyncResource property', () => {
    const bound = AsyncResource.bind(() => 1);
    expect(Object.getOwnPropertyDescriptor(bound, 'asyncResource')).toBeUndefined();
  });

  it('runs the function in the async context where it was bound, not where it is called', async () => {
    const storage = new AsyncLocalStorage<string>();
    const bound = storage.run('bound here', () => AsyncResource.bind(() => storage.getStore()));
    expect(storage.run('called here', () => bound())).toBe('bound here');
    await expect(
      storage.run(
        'called later',
        () => new Promise((resolve) => setImmediate(() => resolve(bound()))),
      ),
    ).resolves.toBe('bound here');
  });

  it("passes arguments and results, and this: the caller's or the one given", () => {
    const add = AsyncResource.bind(function (this: unknown, a: number, b: number) {
      return (this as { base: number }).base + a + b;
    });
    expect(add.call({ base: 100 }, 1, 2)).toBe(103);
    const fixed = AsyncResource.bind(
      function (this: unknown, a: number) {
        return (this as { base: number }).base + a;
      },
      'fixed',
      { base: 10 },
    );
    expect(fixed.call({ base: 100 }, 1)).toBe(11);
  });

  it('propagates a thrown error and refuses what is not a function, as Node does', () => {
    const failing = AsyncResource.bind(() => {
      throw new Error('inside');
    });
    expect(() => failing()).toThrow('inside');
    expect(() => AsyncResource.bind(42 as never)).toThrow(TypeError);
  });

  it('is installed once, however many apps a process creates', () => {
    const first = AsyncResource.bind;
    installFastAsyncResourceBind();
    expect(AsyncResource.bind).toBe(first);
  });
});
