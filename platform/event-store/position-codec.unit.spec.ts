import fc from 'fast-check';
import { InvalidPositionError } from './errors';
import {
  comparePositions,
  decodePosition,
  encodePosition,
  encodePositionText,
  positionParts,
  START_POSITION,
} from './position-codec';

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const pair = fc.record({ high: u64, low: u64 });

describe('position codec', () => {
  test('decoding an encoded position gives the pair back', () => {
    fc.assert(fc.property(pair, (p) => expect(decodePosition(encodePosition(p))).toEqual(p)));
  });

  test('comparison, and plain string order, follow the (high, low) pair order', () => {
    fc.assert(
      fc.property(pair, pair, (a, b) => {
        const expected =
          a.high !== b.high ? Math.sign(Number(a.high - b.high)) : Math.sign(Number(a.low - b.low));
        const [ea, eb] = [encodePosition(a), encodePosition(b)];
        expect(Math.sign(comparePositions(ea, eb))).toBe(expected);
        expect(ea < eb ? -1 : ea > eb ? 1 : 0).toBe(expected);
      }),
    );
  });

  test('the start position sorts before every other position', () => {
    fc.assert(
      fc.property(pair, (p) => {
        fc.pre(p.high > 0n || p.low > 0n);
        expect(comparePositions(START_POSITION, encodePosition(p))).toBeLessThan(0);
      }),
    );
  });

  test('driver text and bigint parts encode identically', () => {
    fc.assert(
      fc.property(pair, (p) =>
        expect(encodePositionText(p.high.toString(), p.low.toString())).toBe(encodePosition(p)),
      ),
    );
    expect(positionParts(encodePosition({ high: 742n, low: 9n }))).toEqual(['742', '9']);
  });

  test.each([
    '',
    '1-2',
    '00000000000000000001-0000000000000000000x',
    `${'9'.repeat(21)}-${'0'.repeat(20)}`,
    ' 0',
  ])('refuses %j', (position) => {
    expect(() => decodePosition(position)).toThrow(InvalidPositionError);
    expect(() => comparePositions(position, START_POSITION)).toThrow(InvalidPositionError);
  });

  test('refuses parts outside unsigned 64 bits', () => {
    expect(() => encodePosition({ high: 1n << 64n, low: 0n })).toThrow(RangeError);
    expect(() => encodePosition({ high: -1n, low: 0n })).toThrow(RangeError);
  });
});
