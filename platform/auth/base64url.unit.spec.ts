import { decodeBase64Url, encodeBase64Url } from './base64url';

describe('base64url', () => {
  it('round-trips bytes of every length', () => {
    for (let length = 0; length < 40; length++) {
      const bytes = Buffer.from(Array.from({ length }, (_, i) => (i * 37 + 250) % 256));
      expect(decodeBase64Url(encodeBase64Url(bytes))).toEqual(bytes);
    }
  });

  it.each([
    ['padding', 'YQ=='],
    ['standard base64 characters', 'a+/b'],
    ['whitespace', 'YW Jj'],
    ['an impossible length', 'YWJjZ'],
    ['non-zero unused bits', 'YR'],
  ])('refuses %s', (_name, text) => {
    expect(decodeBase64Url(text)).toBeUndefined();
  });
});
