import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate } from 'class-validator';
import fc from 'fast-check';
import { CompiledDtoChecks, type DtoClass } from '../../platform/http/compiled-dto-checks';
// Imported for their decorators: every DTO of both APIs registers its rules on import.
import '../../read-api/main';
import '../../write-side/main';

/** The options of platform/http/validation.ts's pipe. */
const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };
const storage = getMetadataStorage();
type Class = new () => object;

/** Every class that carries class-validator rules, as both APIs declare them. */
const ruledClasses = [
  ...(
    storage as unknown as { validationMetadatas: Map<DtoClass, unknown> }
  ).validationMetadatas.keys(),
];

function propertiesOf(type: DtoClass): string[] {
  return Object.keys(
    storage.groupByPropertyName(storage.getTargetValidationMetadatas(type, '', false, false)),
  );
}

function rulesOf(type: DtoClass, property: string): Map<string | undefined, unknown[]> {
  const rules = storage
    .getTargetValidationMetadatas(type, '', false, false)
    .filter((rule) => rule.propertyName === property);
  return new Map(rules.map((rule) => [rule.name, rule.constraints ?? []]));
}

/** A value the property's rules probably accept, as JSON or as a query string spells it. */
function likelyValid(type: DtoClass, property: string): fc.Arbitrary<unknown> {
  const rules = rulesOf(type, property);
  const [values] = rules.get('isIn') ?? [];
  if (Array.isArray(values)) return fc.constantFrom(...(values as unknown[]));
  const [pattern] = rules.get('matches') ?? [];
  if (pattern instanceof RegExp) return fc.stringMatching(pattern);
  if (rules.has('isUUID')) return fc.uuid();
  if (rules.has('isBoolean')) return fc.oneof(fc.boolean(), fc.constantFrom('true', 'false'));
  if (rules.has('isInt')) {
    const [min = -5] = (rules.get('min') ?? []) as number[];
    const [max = 1000] = (rules.get('max') ?? []) as number[];
    // The bounds and one past each, where a rule compiled off by one would show.
    const whole = fc.oneof(
      fc.integer({ min: Math.max(min, -1e6), max: Math.min(max, 1e6) }),
      fc.constantFrom(min - 1, min, max, max + 1),
    );
    return fc.oneof(whole, whole.map(String));
  }
  const [maxLength = 30] = (rules.get('maxLength') ?? []) as number[];
  return fc.oneof(
    fc.string({ minLength: 1, maxLength: Math.min(maxLength, 30) }),
    fc.string({ minLength: maxLength, maxLength: maxLength + 1 }),
  );
}

/** The class an array property's items become (its @Type), if any. */
function nestedClassOf(type: DtoClass, property: string): DtoClass | undefined {
  const probe = plainToInstance(type as Class, { [property]: [{}] }) as Record<string, unknown>;
  const item: unknown = Array.isArray(probe[property]) ? probe[property][0] : undefined;
  const itemClass = item instanceof Object ? item.constructor : Object;
  return itemClass === Object ? undefined : (itemClass as DtoClass);
}

/**
 * Bodies and queries as a client could send them: each declared field left out, valid, near a
 * bound, of another type, or a string as queries carry it; now and then a field not declared.
 */
function inputOf(type: DtoClass, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.fromEntries(
    propertiesOf(type).map((property) => {
      const nested = nestedClassOf(type, property);
      const scalar = fc.oneof(
        fc.constant(null),
        fc.boolean(),
        fc.integer({ min: -2, max: 120 }),
        fc.double(),
        fc.string({ maxLength: 12 }),
        fc.string({ minLength: 95, maxLength: 260 }),
        fc.uuid(),
        fc.constantFrom('', ' ', '0', '1', '-1', '1e3', '007', 'true', 'false', 'SKU-1'),
        fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
      );
      const valid =
        nested && depth < 2
          ? fc.array(inputOf(nested, depth + 1), { minLength: 1, maxLength: 3 })
          : likelyValid(type, property);
      // undefined: left out of the JSON.
      const value = fc.oneof(
        { arbitrary: valid, weight: 8 },
        { arbitrary: scalar, weight: 1 },
        { arbitrary: fc.constant(undefined), weight: 1 },
      );
      return [property, value];
    }),
  );
  return fc
    .tuple(
      fc.record(fields),
      fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 8 },
        { arbitrary: fc.constantFrom('extra', 'colour'), weight: 1 },
      ),
    )
    .map(([input, extra]) => (extra ? { ...input, [extra]: 'x' } : input));
}

describe('compiled DTO checks of both APIs', () => {
  it('finds the DTOs of both APIs', () => {
    expect(ruledClasses.map((type) => type.name)).toEqual(
      expect.arrayContaining(['PlaceOrderDto', 'OrderLineDto', 'ListProductsQueryDto']),
    );
  });

  it.each(ruledClasses.map((type) => [type.name, type] as const))(
    '%s compiles, so its valid requests skip class-validator',
    (_name, type) => {
      expect(new CompiledDtoChecks(OPTIONS).compiles(type)).toBe(true);
    },
  );

  it.each(ruledClasses.map((type) => [type.name, type] as const))(
    '%s: the compiled check accepts exactly what class-validator accepts',
    async (_name, type) => {
      const checks = new CompiledDtoChecks(OPTIONS);
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(inputOf(type), async (input) => {
          // As the body parser and class-transformer hand it to the pipe.
          const entity = plainToInstance(type as Class, JSON.parse(JSON.stringify(input)));
          const classValidatorAccepts = (await validate(entity, OPTIONS)).length === 0;
          expect(checks.accepts(entity)).toBe(classValidatorAccepts);
          if (classValidatorAccepts) accepted += 1;
        }),
        { numRuns: 400 },
      );
      // Some of each DTO's samples must pass, or the property above says nothing about them.
      expect(accepted).toBeGreaterThan(0);
    },
  );
});
