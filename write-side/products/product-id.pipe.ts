import { type PipeTransform } from '@nestjs/common';
import { ValidationError } from '../../domain/shared/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Product ids are UUIDs the write side generated. Anything else cannot name a product, so it is
 * a 400 naming the path parameter rather than a 404: the client has a bug, not a stale id. The
 * id is lower-cased because it becomes part of a stream name, where case matters.
 *
 * `@Param('id', new UuidPipe('id')) productId: string`
 */
export class UuidPipe implements PipeTransform<unknown, string> {
  constructor(private readonly parameter: string) {}

  transform(value: unknown): string {
    if (typeof value !== 'string' || !UUID.test(value)) {
      throw ValidationError.field(this.parameter, 'must be a UUID');
    }
    return value.toLowerCase();
  }
}
