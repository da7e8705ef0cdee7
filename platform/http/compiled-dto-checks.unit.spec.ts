import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
  validate,
} from 'class-validator';
import { CompiledDtoChecks } from './compiled-dto-checks';

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

class Line {
  @IsString()
  @MaxLength(3)
  sku!: string;

  @IsInt()
  @Min(1)
  @Max(9)
  quantity!: number;
}

class Order {
  // Not JSON Schema's uniqueItems: lines are compared by sku alone.
  @ArrayUnique((line: Line) => line.sku)
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => Line)
  lines!: Line[];

  @IsOptional()
  @IsString()
  note?: string;

  @ValidateIf((_object: object, value: unknown) => value !== undefined)
  @IsInt()
  priority?: number;
}

class Tags {
  @IsString({ each: true })
  tags!: string[];
}

class Untyped {
  name!: string;
}

const order = (body: object): Order => plainToInstance(Order, body);

/** The compiled check against class-validator itself, the judge it stands in for. */
async function verdicts(entity: object): Promise<{ compiled: boolean; classValidator: boolean }> {
  const checks = new CompiledDtoChecks(OPTIONS);
  const errors = await validate(entity, OPTIONS);
  return { compiled: checks.accepts(entity), classValidator: errors.length === 0 };
}

describe('CompiledDtoChecks', () => {
  const valid = { lines: [{ sku: 'a', quantity: 2 }], note: 'by noon' };

  describe('a value class-validator accepts', () => {
    it.each([
      ['with every field', { ...valid, priority: 3 }],
      ['without the optional fields', { lines: [] }],
      ['with the optional field null', { ...valid, note: null }],
    ])('is accepted without class-validator (%s)', async (_case, body) => {
      expect(await verdicts(order(body))).toEqual({ compiled: true, classValidator: true });
    });
  });

  describe('a value class-validator refuses is never accepted', () => {
    it.each([
      ['an unknown field', { ...valid, coupon: 'FREE' }],
      ['an unknown field of a nested object', { lines: [{ sku: 'a', quantity: 1, x: 1 }] }],
      ['a nested rule broken', { lines: [{ sku: 'abcd', quantity: 1 }] }],
      ['a fraction', { lines: [{ sku: 'a', quantity: 1.5 }] }],
      ['a number as a string', { lines: [{ sku: 'a', quantity: '1' }] }],
      ['a missing required field', { lines: [{ sku: 'a' }] }],
      [
        'a repeated sku (a rule run as class-validator runs it)',
        {
          lines: [
            { sku: 'a', quantity: 1 },
            { sku: 'a', quantity: 2 },
          ],
        },
      ],
      ['too many lines', { lines: ['a', 'b', 'c', 'd'].map((sku) => ({ sku, quantity: 1 })) }],
      ['a line that is not an object', { lines: [7] }],
      ['lines that are not an array', { lines: 'none' }],
      ['null where only leaving it out is allowed', { ...valid, priority: null }],
      ['a wrong type behind an optional field', { ...valid, note: 5 }],
    ])('%s', async (_case, body) => {
      expect(await verdicts(order(body))).toEqual({ compiled: false, classValidator: false });
    });
  });

  it('refuses a nested object of a class without rules, as forbidUnknownValues does', async () => {
    const entity = Object.assign(new Order(), { lines: [{ sku: 'a', quantity: 1 }] });
    expect(await verdicts(entity)).toEqual({ compiled: false, classValidator: false });
  });

  it('leaves to class-validator what it counts more loosely than JSON Schema', async () => {
    // validator.js does not count U+FE0F in a length; ajv does: 4 characters to one, 3 to the other.
    const entity = order({ lines: [{ sku: 'ab\u2764\ufe0f', quantity: 1 }] });
    expect(await verdicts(entity)).toEqual({ compiled: false, classValidator: true });
  });

  it('compiles every class of rules it knows, and no class of rules it does not', () => {
    const checks = new CompiledDtoChecks(OPTIONS);
    expect(checks.compiles(Order)).toBe(true);
    expect(checks.compiles(Line)).toBe(true);
    expect(checks.compiles(Tags)).toBe(false); // `each` on a rule
    expect(checks.compiles(Untyped)).toBe(false); // no rules at all
  });
});
