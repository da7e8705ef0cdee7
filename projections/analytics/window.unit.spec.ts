import { ValidationError } from '../../domain/shared/errors';
import { analyticsWindow, bucketsOf, parseInstant, salesWindow } from './window';

const now = new Date('2025-05-20T10:25:00.000Z');
const fieldsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.errors.map((e) => e.field);
    throw error;
  }
  throw new Error('expected a ValidationError');
};

describe('analytics windows', () => {
  it.each([
    ['2025-05-01', '2025-05-01T00:00:00.000Z'],
    ['2025-05-01T10:15', '2025-05-01T10:15:00.000Z'],
    ['2025-05-01T10:15:30.1234Z', '2025-05-01T10:15:30.123Z'],
    ['2025-05-01T12:15:00+02:00', '2025-05-01T10:15:00.000Z'],
    ['2025-05-01T12:15:00 02:00', '2025-05-01T10:15:00.000Z'],
    ['2025-05-01T08:15:00-0200', '2025-05-01T10:15:00.000Z'],
  ])('read %s as %s (UTC unless an offset is given)', (text, iso) => {
    expect(parseInstant(text)?.toISOString()).toBe(iso);
  });

  it.each([
    'yesterday',
    '2025-02-30',
    '2025-13-01',
    '2025-05-01T24:00',
    '1969-12-31',
    '1746093600',
  ])('refuse %s', (text) => {
    expect(parseInstant(text)).toBeUndefined();
  });

  it('default to the 30 days before now, widened to whole hours', () => {
    expect(analyticsWindow({}, now)).toEqual({
      from: new Date('2025-04-20T10:00:00.000Z'),
      to: new Date('2025-05-20T11:00:00.000Z'),
    });
    expect(analyticsWindow({ to: '2025-05-02' }, now)).toEqual({
      from: new Date('2025-04-02T00:00:00.000Z'),
      to: new Date('2025-05-02T00:00:00.000Z'),
    });
  });

  it('widen to whole days for daily buckets', () => {
    const window = analyticsWindow(
      { from: '2025-05-01T10:30Z', to: '2025-05-03T00:00:01Z' },
      now,
      'day',
    );
    expect(window).toEqual({
      from: new Date('2025-05-01T00:00:00.000Z'),
      to: new Date('2025-05-04T00:00:00.000Z'),
    });
    expect(bucketsOf(window, 'day').map((d) => d.toISOString())).toEqual([
      '2025-05-01T00:00:00.000Z',
      '2025-05-02T00:00:00.000Z',
      '2025-05-03T00:00:00.000Z',
    ]);
  });

  it('name the field that is wrong', () => {
    expect(fieldsOf(() => analyticsWindow({ from: 'soon' }, now))).toEqual(['from']);
    expect(fieldsOf(() => analyticsWindow({ to: '2025-02-30' }, now))).toEqual(['to']);
    expect(fieldsOf(() => analyticsWindow({ from: '2025-05-02', to: '2025-05-02' }, now))).toEqual([
      'from',
    ]);
    expect(fieldsOf(() => analyticsWindow({ from: '2025-06-01' }, now))).toEqual(['from']);
  });

  it('limit hourly sales to 90 days and daily sales to about ten years', () => {
    expect(salesWindow({ from: '2025-01-01', to: '2025-04-01' }, now, 'hour').from).toEqual(
      new Date('2025-01-01T00:00:00.000Z'),
    );
    expect(
      fieldsOf(() => salesWindow({ from: '2025-01-01', to: '2025-04-02' }, now, 'hour')),
    ).toEqual(['granularity']);
    expect(salesWindow({ from: '2016-01-01', to: '2025-04-02' }, now, 'day').to).toEqual(
      new Date('2025-04-02T00:00:00.000Z'),
    );
    expect(fieldsOf(() => salesWindow({ from: '2005-01-01' }, now, 'day'))).toEqual([
      'granularity',
    ]);
  });
});
