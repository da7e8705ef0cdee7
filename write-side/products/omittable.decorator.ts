import { ValidateIf } from 'class-validator';

/**
 * An optional body field that may be left out but not sent as `null`. class-validator's
 * `@IsOptional()` lets `null` through to the domain, where it would mean neither "unchanged"
 * nor a value; refusing it keeps one way to say "absent".
 */
export const Omittable = (): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);
