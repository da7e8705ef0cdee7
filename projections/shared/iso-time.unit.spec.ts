import { isoTime, laterTime } from './iso-time';

describe('isoTime', () => {
  it('passes a canonical time through as the very same text', () => {
    const at = '2026-02-28T23:59:59.999Z';
    expect(isoTime(at)).toBe(at);
  });

  it.each([
    ['an offset', '2026-03-01T01:00:00.000+01:00', '2026-03-01T00:00:00.000Z'],
    ['no milliseconds', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00.000Z'],
    ['microseconds', '2026-03-01T00:00:00.123456Z', '2026-03-01T00:00:00.123Z'],
    ['a space for the T', '2026-03-01 00:00:00.000Z', '2026-03-01T00:00:00.000Z'],
  ])('converts a time with %s to the canonical form', (_what, given, canonical) => {
    expect(isoTime(given)).toBe(canonical);
  });

  it('converts a Date, as a loaded timestamptz comes back', () => {
    expect(isoTime(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)))).toBe('2026-01-02T03:04:05.006Z');
  });

  it('refuses a time that is no time, as the Date conversion always did', () => {
    expect(() => isoTime('2026-13-01T00:00:00.000Z')).toThrow(RangeError);
    expect(() => isoTime('yesterday')).toThrow(RangeError);
  });
});

describe('laterTime', () => {
  it('picks the later of two canonical times, either way round', () => {
    const early = '2026-01-01T09:59:59.999Z';
    const late = '2026-01-01T10:00:00.000Z';
    expect(laterTime(early, late)).toBe(late);
    expect(laterTime(late, early)).toBe(late);
  });
});
