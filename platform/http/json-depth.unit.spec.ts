import { ValidationError } from '../../domain/shared/errors';
import { MAX_JSON_DEPTH, nestingError } from './json-depth';
import { createValidationPipe } from './validation';

/** `{"z":[[…]]}` nested `depth` levels, the object included. */
function nestedBody(depth: number): string {
  return `{"z":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
}

describe('nestingError (the JSON depth limit)', () => {
  it(`passes ${MAX_JSON_DEPTH} levels and refuses one more, naming the body`, () => {
    expect(nestingError(nestedBody(MAX_JSON_DEPTH))).toBeUndefined();
    expect(nestingError(nestedBody(MAX_JSON_DEPTH + 1))?.errors).toEqual([
      { field: 'body', message: `must not nest deeper than ${MAX_JSON_DEPTH} levels` },
    ]);
  });

  it('refuses 3,000 levels, and a million, without overflowing', () => {
    expect(nestingError(nestedBody(3000))).toBeInstanceOf(ValidationError);
    expect(nestingError('['.repeat(1_000_000))).toBeInstanceOf(ValidationError);
  });

  it('counts siblings once and ignores brackets inside strings, escaped quotes included', () => {
    const siblings = `[${Array.from({ length: 100 }, () => '[[]]').join(',')}]`;
    expect(nestingError(siblings)).toBeUndefined();
    const inStrings = JSON.stringify({ a: '['.repeat(100), b: `\\"${'{'.repeat(100)}`, c: [1] });
    expect(nestingError(inStrings)).toBeUndefined();
  });
});

describe('the NUL check of the validation pipe', () => {
  it('finds a NUL 100,000 levels down without overflowing the stack', async () => {
    let value: unknown = 'a\u0000b';
    for (let level = 0; level < 100_000; level++) value = [value];
    const transform = createValidationPipe().transform({ deep: value }, { type: 'query' });
    await expect(transform).rejects.toBeInstanceOf(ValidationError);
    const error: ValidationError = await transform.catch((e: ValidationError) => e);
    expect(error.errors).toHaveLength(1);
    expect(error.errors[0].field).toMatch(/^deep(\[0\]){100000}$/);
  });

  it('reports fields in the order the value spells them', async () => {
    const value = { a: 'x\u0000', b: ['ok', 'y\u0000'], c: { d: 'z\u0000' } };
    const error: ValidationError = await createValidationPipe()
      .transform(value, { type: 'body' })
      .catch((e: ValidationError) => e);
    expect(error.errors.map((e) => e.field)).toEqual(['a', 'b[1]', 'c.d']);
  });
});
