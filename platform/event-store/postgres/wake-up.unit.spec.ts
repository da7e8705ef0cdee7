import { CoalescingNotifier, WakeSignal } from './wake-up';

describe('WakeSignal', () => {
  test('a wake that arrives before the wait is not lost', async () => {
    const signal = new WakeSignal();
    signal.wake();
    const started = Date.now();
    await signal.wait(10_000);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  test('a wait ends on wake or on timeout', async () => {
    const signal = new WakeSignal();
    const woken = signal.wait(10_000);
    signal.wake();
    await woken;
    const started = Date.now();
    await signal.wait(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});

describe('CoalescingNotifier', () => {
  test('a burst of pokes sends one notification now and one follow-up, not one each', async () => {
    const releases: Array<() => void> = [];
    const notifier = new CoalescingNotifier(
      () => new Promise<void>((resolve) => releases.push(resolve)),
    );
    for (let i = 0; i < 100; i++) notifier.poke();
    expect(releases).toHaveLength(1);
    releases[0]();
    await new Promise((resolve) => setImmediate(resolve));
    expect(releases).toHaveLength(2);
    releases[1]();
    await notifier.flush();
    expect(releases).toHaveLength(2);
  });

  test('a failed notification does not stop later ones', async () => {
    let calls = 0;
    const notifier = new CoalescingNotifier(async () => {
      calls += 1;
      if (calls === 1) throw new Error('connection lost');
    });
    notifier.poke();
    await notifier.flush();
    notifier.poke();
    await notifier.flush();
    expect(calls).toBe(2);
  });
});
