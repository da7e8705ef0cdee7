import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';

/**
 * Query values arrive as strings. These decorators convert only the exact spellings a client
 * means, and leave anything else for the validator to refuse with a 400 naming the parameter,
 * where `Number()` would take "" for 0, "1e3" for 1000 and " 7" for 7.
 */

/** `true` or `false`, nothing else ("1", "yes", "maybe" are 400). */
export function QueryBoolean(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)),
    IsBoolean({ message: 'must be true or false' }),
  );
}

/** A whole number written in decimal digits, within `min`..`max`. */
export function QueryInteger(min: number, max: number): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) =>
      typeof value === 'string' && /^-?\d{1,16}$/.test(value) ? Number(value) : value,
    ),
    IsInt({ message: 'must be an integer' }),
    Min(min),
    Max(max),
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a path id can name anything. Reads answer 404 for an id that is not a UUID, exactly as
 * for an unknown one, without sending it to the database.
 */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
