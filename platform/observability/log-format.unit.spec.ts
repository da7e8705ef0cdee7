import { logFormat } from './log-format';

describe('LOG_FORMAT', () => {
  it('defaults to readable lines on a terminal and JSON lines anywhere else', () => {
    expect(logFormat(undefined, true)).toBe('pretty');
    expect(logFormat(undefined, false)).toBe('json');
    expect(logFormat('', false)).toBe('json');
  });

  it('overrides what the terminal check would pick', () => {
    expect(logFormat('json', true)).toBe('json');
    expect(logFormat('pretty', false)).toBe('pretty');
  });

  it('refuses anything else with a message naming LOG_FORMAT', () => {
    expect(() => logFormat('JSON', false)).toThrow(
      'LOG_FORMAT: must be one of json, pretty, got "JSON"',
    );
  });
});
