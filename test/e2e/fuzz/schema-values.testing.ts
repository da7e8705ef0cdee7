import fc from 'fast-check';
import { type SchemaObject } from '@nestjs/swagger';

type Schema = SchemaObject & { $ref?: string };
export type ResolveSchema = (schema: Schema) => Schema;

/**
 * Values for one schema of an OpenAPI document, six in seven close to what it declares (so
 * requests get past DTO validation and into the handlers, deciders and queries), the rest
 * anything at all. Patterns are not followed: a value that breaks one must be a 400 anyway.
 */
export function valuesFor(
  schema: Schema,
  resolve: ResolveSchema,
  depth = 0,
): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: declaredValue(resolve(schema), resolve, depth), weight: 6 },
    { arbitrary: anyJson(), weight: 1 },
  );
}

/** `arbitrary` one time in `1 + absent`, null otherwise. */
export function sometimes<T>(arbitrary: fc.Arbitrary<T>, absent = 4): fc.Arbitrary<T | null> {
  return fc.oneof({ arbitrary: fc.constant(null), weight: absent }, { arbitrary, weight: 1 });
}

/** Any JSON value, with the strings most likely to trouble a database or a parser. */
export function anyJson(): fc.Arbitrary<unknown> {
  return fc
    .jsonValue({ maxDepth: 3 })
    .chain((value) => fc.oneof(fc.constant(value), awkwardString(), awkwardNumber()));
}

/** Text with NULs, lone surrogates, huge lengths, SQL and JSON metacharacters. */
export function awkwardString(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(
      '',
      ' ',
      '\u0000',
      'a\u0000b',
      '\ud800',
      "'; drop table x; --",
      '%00',
      '../..',
      '{"a":1}',
      'x'.repeat(10_000),
      '2025-02-30',
      '-000001-01-01T00:00:00.000Z',
      '+275760-09-13T00:00:00.000Z',
      '00000000-0000-0000-0000-000000000000',
    ),
  );
}

/** Numbers at the edges of 32-bit, 53-bit and floating point. */
export function awkwardNumber(): fc.Arbitrary<number> {
  return fc.oneof(
    fc.double(),
    fc.constantFrom(
      0,
      -1,
      2 ** 31,
      -(2 ** 31) - 1,
      2 ** 53 - 1,
      2 ** 53,
      Number.MAX_VALUE,
      1e-300,
      0.5,
    ),
  );
}

function declaredValue(
  schema: Schema,
  resolve: ResolveSchema,
  depth: number,
): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
  if (schema.allOf) return objectOf(mergeAll(schema.allOf as Schema[], resolve), resolve, depth);
  switch (schema.type) {
    case 'string':
      return stringFor(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -(2 ** 31), max: schema.maximum ?? 2 ** 31 - 1 });
    case 'number':
      return fc.oneof(
        fc.integer({ min: schema.minimum ?? -(2 ** 31), max: schema.maximum ?? 2 ** 31 - 1 }),
        fc.double({ min: schema.minimum, max: schema.maximum, noNaN: true }),
      );
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 3
        ? fc.constant([])
        : fc.array(valuesFor((schema.items ?? {}) as Schema, resolve, depth + 1), {
            minLength: schema.minItems ?? 0,
            maxLength: Math.min(schema.maxItems ?? 5, 5),
          });
    case 'object':
      return objectOf(schema, resolve, depth);
    default:
      return anyJson();
  }
}

/** The declared properties, each present or not, plus now and then one it does not declare. */
function objectOf(schema: Schema, resolve: ResolveSchema, depth: number): fc.Arbitrary<unknown> {
  const properties = Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([name, property]) => [
      name,
      depth > 3 ? anyJson() : valuesFor(property as Schema, resolve, depth + 1),
    ]),
  );
  return fc
    .tuple(
      fc.record(properties, {
        requiredKeys: (schema.required ?? []).filter((k) => k in properties),
      }),
      sometimes(fc.tuple(fc.string({ maxLength: 8 }), anyJson()), 8),
    )
    .map(([value, extra]) => (extra ? { ...value, [extra[0]]: extra[1] } : value));
}

function stringFor(schema: Schema): fc.Arbitrary<string> {
  const declared: fc.Arbitrary<string>[] = [
    fc.string({
      minLength: schema.minLength ?? 0,
      maxLength: Math.min(schema.maxLength ?? 40, 40),
    }),
  ];
  if (schema.format === 'uuid') declared.push(fc.uuid());
  if (schema.format === 'date-time')
    declared.push(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
  if (typeof schema.example === 'string') declared.push(fc.constant(schema.example));
  if (/email/i.test(`${schema.description ?? ''}${schema.example ?? ''}`))
    declared.push(fc.emailAddress());
  return fc.oneof(...declared);
}

function mergeAll(schemas: readonly Schema[], resolve: ResolveSchema): Schema {
  return schemas.map(resolve).reduce<Schema>(
    (merged, part) => ({
      type: 'object',
      properties: { ...merged.properties, ...part.properties },
      required: [...(merged.required ?? []), ...(part.required ?? [])],
    }),
    { type: 'object', properties: {} },
  );
}
