import {
  FIRST_RETRY_MS,
  JITTER,
  MAX_RETRY_MS,
  MAX_SEND_ATTEMPTS,
  retryDelayMs,
  willRetry,
} from './backoff';

const ids = Array.from({ length: 200 }, (_, i) => `n-${i}`);

describe('send retry schedule', () => {
  it('retries every attempt but the last', () => {
    expect(MAX_SEND_ATTEMPTS).toBe(12);
    expect(willRetry(1)).toBe(true);
    expect(willRetry(MAX_SEND_ATTEMPTS - 1)).toBe(true);
    expect(willRetry(MAX_SEND_ATTEMPTS)).toBe(false);
  });

  it('doubles from 1 s to at most 5 minutes, each delay within ±20% of its base', () => {
    const bases = [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300].map((s) => s * 1000);
    expect(bases[0]).toBe(FIRST_RETRY_MS);
    expect(Math.max(...bases)).toBe(MAX_RETRY_MS);
    for (const id of ids) {
      bases.forEach((base, index) => {
        const delay = retryDelayMs(id, index + 1);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(base * (1 - JITTER)));
        expect(delay).toBeLessThanOrEqual(Math.ceil(base * (1 + JITTER)));
      });
    }
  });

  it('is the same for the same notification and attempt, so a schedule can be asserted', () => {
    expect(retryDelayMs('n-1', 3)).toBe(retryDelayMs('n-1', 3));
    expect(ids.map((id) => retryDelayMs(id, 1))).toEqual(ids.map((id) => retryDelayMs(id, 1)));
  });

  it('spreads notifications that failed together over the whole jitter range', () => {
    const delays = ids.map((id) => retryDelayMs(id, 5));
    expect(new Set(delays).size).toBeGreaterThan(150);
    expect(Math.min(...delays)).toBeLessThan(16_000 * (1 - JITTER / 2));
    expect(Math.max(...delays)).toBeGreaterThan(16_000 * (1 + JITTER / 2));
  });
});
