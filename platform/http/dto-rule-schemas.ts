import { type SchemaObject } from 'ajv';

/**
 * class-validator rules that JSON Schema can say exactly, or more strictly, by rule name.
 * "More strictly" is safe: a value the schema refuses is handed to class-validator, which
 * decides. "More loosely" never is, so a rule is listed here only when every value its keywords
 * accept is one class-validator accepts. Rules not listed (`arrayUnique` with its selector,
 * `matches` with JavaScript's regex flags, `isUUID`, `notEquals`, our own) run as class-validator
 * runs them: see compiled-dto-checks.ts.
 *
 * Each schema also refuses `undefined` (a missing property), as each of these rules does.
 */
const KEYWORDS: Record<string, (constraints: readonly unknown[]) => SchemaObject | undefined> = {
  isString: () => ({ type: 'string' }),
  // validator.js counts a surrogate pair as one character and drops U+FE0E/U+FE0F; ajv counts
  // code points, so its length is never smaller: its maximum is the stricter one.
  maxLength: ([max]) => (isCount(max) ? { type: 'string', maxLength: max } : undefined),
  isNotEmpty: () => ({ not: { enum: ['', null] } }),
  isInt: () => ({ type: 'integer' }),
  // ajv's `number` is finite, class-validator's min/max take any number but NaN: stricter.
  min: ([min]) => (isFiniteNumber(min) ? { type: 'number', minimum: min } : undefined),
  max: ([max]) => (isFiniteNumber(max) ? { type: 'number', maximum: max } : undefined),
  isBoolean: () => ({ type: 'boolean' }),
  isArray: () => ({ type: 'array' }),
  arrayMinSize: ([min]) => (isCount(min) ? { type: 'array', minItems: min } : undefined),
  arrayMaxSize: ([max]) => (isCount(max) ? { type: 'array', maxItems: max } : undefined),
  // `===` and ajv's deep equality agree on strings, booleans, null and finite numbers.
  isIn: ([values]) =>
    Array.isArray(values) && values.every(isJsonScalar) ? { enum: values } : undefined,
};

/** The schema for a class-validator rule, or undefined when it must run as class-validator's. */
export function schemaForRule(
  name: string | undefined,
  constraints: readonly unknown[] | undefined,
): SchemaObject | undefined {
  const keyword = name === undefined ? undefined : KEYWORDS[name];
  return keyword?.(constraints ?? []);
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isJsonScalar(value: unknown): boolean {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    isFiniteNumber(value)
  );
}
