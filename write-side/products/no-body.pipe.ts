import { type PipeTransform } from '@nestjs/common';
import { ValidationError } from '../../domain/shared/errors';

/**
 * For commands that take no body. Unknown fields are refused everywhere (SPEC "HTTP
 * conventions"), so a body with fields is a 400 naming each, as a DTO would; none, or `{}`, is
 * fine. An empty DTO class cannot say this: class-validator refuses a class without rules.
 *
 * `@Body(new NoBodyPipe()) _body: unknown`
 */
export class NoBodyPipe implements PipeTransform<unknown, undefined> {
  transform(value: unknown): undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw ValidationError.field('body', 'must be empty or a JSON object without fields');
    }
    const fields = Object.keys(value);
    if (fields.length > 0) {
      throw new ValidationError(
        fields.map((field) => ({ field, message: `property ${field} should not exist` })),
      );
    }
    return undefined;
  }
}
