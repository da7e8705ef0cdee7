import { runAsBackground } from './background-work';
import { RequestsFirst } from './requests-first';

async function passes(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** A turn's work that records when it ran and then waits for the test to finish it. */
function recorder() {
  const ran: string[] = [];
  const finishers = new Map<string, () => void>();
  const work = (name: string) => () =>
    new Promise<void>((finish) => {
      ran.push(name);
      finishers.set(name, finish);
    });
  const finish = async (name: string) => {
    await passes(2);
    const done = finishers.get(name);
    if (!done) throw new Error(`${name} has not started; started: ${ran.join(', ')}`);
    done();
    // Let the next turn start (a background one waits a pass of the event loop first).
    await passes(2);
  };
  return { ran, work, finish };
}

describe('requests first on the embedded database', () => {
  it('gives the next turn to a waiting request before background work that waited longer', async () => {
    const turns = new RequestsFirst();
    const { ran, work, finish } = recorder();
    const first = turns.run(work('request 1'));
    const background = runAsBackground(() => turns.run(work('background')));
    const second = turns.run(work('request 2'));
    await finish('request 1');
    expect(ran).toEqual(['request 1', 'request 2']);
    await finish('request 2');
    await finish('background');
    await Promise.all([first, background, second]);
    expect(ran).toEqual(['request 1', 'request 2', 'background']);
  });

  it('lets the event loop run once before a background turn, so a request read meanwhile goes first', async () => {
    const turns = new RequestsFirst();
    const { ran, work, finish } = recorder();
    // A request the event loop is about to deliver (as from a socket), and background work
    // asking for the free database just before it.
    let request: Promise<void> | undefined;
    setImmediate(() => (request = turns.run(work('request'))));
    const background = runAsBackground(() => turns.run(work('background')));
    await passes(2);
    expect(ran).toEqual(['request']);
    await finish('request');
    await finish('background');
    await Promise.all([background, request]);
  });

  it('still gives background work a turn under a steady stream of requests', async () => {
    const turns = new RequestsFirst(2);
    const { ran, work, finish } = recorder();
    const all = [turns.run(work('r1'))];
    all.push(runAsBackground(() => turns.run(work('b'))));
    for (const name of ['r2', 'r3', 'r4']) all.push(turns.run(work(name)));
    // r1 started before the background asked; then two request turns while it waits.
    for (const name of ['r1', 'r2', 'r3', 'b', 'r4']) await finish(name);
    await Promise.all(all);
    expect(ran).toEqual(['r1', 'r2', 'r3', 'b', 'r4']);
  });

  it('runs one turn at a time, and goes on after a turn that failed', async () => {
    const turns = new RequestsFirst();
    const failing = turns.run(() => Promise.reject(new Error('bad query')));
    const next = turns.run(async () => 'ran');
    await expect(failing).rejects.toThrow('bad query');
    await expect(next).resolves.toBe('ran');
  });
});
