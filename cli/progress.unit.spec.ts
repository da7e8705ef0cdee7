import {
  etaMs,
  formatCount,
  formatDuration,
  formatRate,
  progressBar,
  progressLine,
  ProgressReporter,
} from './progress';

describe('progress formatting', () => {
  it('writes counts with thousands separators', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatCount(999.6)).toBe('1,000');
  });

  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [12_345, '12.3 s'],
    [245_000, '4m 05s'],
    [7_380_000, '2h 03m'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('gives a rate only once time has passed', () => {
    expect(formatRate(5_000, 2_000)).toBe('2,500 events/s');
    expect(formatRate(5_000, 0)).toBe('- events/s');
  });

  it('estimates the time left from the rate so far', () => {
    expect(etaMs(250, 1_000, 1_000)).toBe(3_000);
    expect(etaMs(1_200, 1_000, 1_000)).toBe(0);
    expect(etaMs(0, 1_000, 1_000)).toBeUndefined();
    expect(etaMs(10, undefined, 1_000)).toBeUndefined();
  });

  it('draws a bar with percentage, counts, rate and ETA', () => {
    expect(
      progressBar({ label: 'replaying', done: 5_200, total: 10_000, elapsedMs: 650 }, 10),
    ).toBe('replaying [=====>    ]  52%  5,200/10,000 events  8,000 events/s  ETA 600 ms');
    expect(
      progressBar({ label: 'swapping', done: 10_500, total: 10_000, elapsedMs: 1_000 }, 10),
    ).toBe('swapping [==========] 100%  10,500/10,000 events  10,500 events/s  ETA 0 ms');
    expect(progressBar({ label: 'replaying', done: 0, total: 0, elapsedMs: 0 }, 4)).toBe(
      'replaying [====] 100%  0/0 events  - events/s  ETA -',
    );
  });

  it('draws a counter when the total is unknown', () => {
    expect(progressBar({ label: 'backfill', done: 3_000, elapsedMs: 1_500 })).toBe(
      'backfill  3,000 events  2,000 events/s  1.5 s',
    );
  });

  it('writes plain log lines', () => {
    expect(progressLine({ label: 'replaying', done: 5_200, total: 10_000, elapsedMs: 650 })).toBe(
      'replaying: 5,200 of 10,000 events (52%), 8,000 events/s, ETA 600 ms',
    );
    expect(progressLine({ label: 'backfill', done: 3_000, elapsedMs: 1_500 })).toBe(
      'backfill: 3,000 events, 2,000 events/s, 1.5 s elapsed',
    );
  });
});

describe('ProgressReporter', () => {
  function reporter(tty: boolean) {
    let clock = 0;
    const written: string[] = [];
    const progress = new ProgressReporter(
      { write: (text: string) => written.push(text) },
      { tty, now: () => clock },
    );
    return { progress, written, tick: (ms: number) => (clock += ms) };
  }
  const at = (done: number) => ({ label: 'replaying', done, total: 100, elapsedMs: 1_000 });

  it('redraws a terminal bar in place at most every 100 ms, and ends the line on finish', () => {
    const { progress, written, tick } = reporter(true);
    progress.update(at(10));
    tick(50);
    progress.update(at(20));
    tick(60);
    progress.update(at(30));
    expect(written).toHaveLength(2);
    expect(written.every((text) => text.startsWith('\r\x1b[2K') && !text.includes('\n'))).toBe(
      true,
    );
    expect(written[1]).toContain('30/100 events');
    tick(10);
    progress.update(at(40));
    progress.finish();
    expect(written[2]).toMatch(/40\/100 events.*\n$/);
  });

  it('keeps the bar below a logged line', () => {
    const { progress, written } = reporter(true);
    progress.update(at(10));
    progress.log('swapped in catalog');
    const [line, bar] = written[1].split('\n');
    expect(line).toBe('\r\x1b[2Kswapped in catalog');
    expect(bar.startsWith('replaying [')).toBe(true);
    expect(bar).toContain('10/100 events');
  });

  it('writes a log line every 2 s elsewhere, and whenever forced', () => {
    const { progress, written, tick } = reporter(false);
    progress.update(at(10));
    tick(1_000);
    progress.update(at(20));
    progress.update({ ...at(25), label: 'catching up' }, true);
    tick(1_999);
    progress.update(at(30));
    tick(1);
    progress.update(at(40));
    progress.finish();
    expect(written).toEqual([
      'replaying: 10 of 100 events (10%), 10 events/s, ETA 9.0 s\n',
      'catching up: 25 of 100 events (25%), 25 events/s, ETA 3.0 s\n',
      'replaying: 40 of 100 events (40%), 40 events/s, ETA 1.5 s\n',
    ]);
    expect(written.join('')).not.toContain('\r');
  });
});
