import { WITHOUT_NUL, withoutNul } from './text-without-nul';

/** The pattern every string of a request states: its own rule, and no U+0000 anywhere. */
describe('withoutNul', () => {
  const accepts = (pattern: string, value: string) => new RegExp(pattern, 'u').test(value);

  it('refuses NUL and accepts any other text when the field has no rule of its own', () => {
    expect(withoutNul(undefined)).toBe(WITHOUT_NUL);
    expect(['', 'a', ' ', 'ü\n'].map((value) => accepts(WITHOUT_NUL, value))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['\u0000', 'a\u0000', '\u0000b'].some((value) => accepts(WITHOUT_NUL, value))).toBe(
      false,
    );
  });

  it('keeps an unanchored rule (some non-blank character) and adds the NUL refusal', () => {
    const pattern = withoutNul('[^ \\t]');
    expect(['a', ' a ', '\t', ' ', 'a\u0000', '\u0000'].map((v) => accepts(pattern, v))).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });

  it('keeps an anchored rule and adds the NUL refusal', () => {
    const pattern = withoutNul('^[A-Z]{2}$');
    expect(['DE', 'D', 'DEU', ' DE', 'D\u0000'].map((v) => accepts(pattern, v))).toEqual([
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});
