import { type ArgumentMetadata, ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import {
  type ValidationError as ClassValidatorError,
  type ValidatorOptions,
} from 'class-validator';
import { type FieldError, ValidationError } from '../../domain/shared/errors';
import { CompiledDtoChecks } from './compiled-dto-checks';

/**
 * The global DTO validation: unknown fields are refused (not silently dropped, so a client's
 * typo is visible), payloads are turned into DTO instances, and every failure becomes the
 * domain's ValidationError, so DTO errors and decider errors reach the client in one shape.
 */
export function createValidationPipe(): ValidationPipe {
  return new DtoValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // Keep submitted values (passwords) out of error objects that might be logged.
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationError(toFieldErrors(errors)),
  });
}

/**
 * A JSON array or scalar sent where a DTO object is expected would otherwise be validated
 * key by key ("property 0 should not exist"); one clear error is more useful.
 */
class DtoValidationPipe extends ValidationPipe {
  private readonly compiled: CompiledDtoChecks;

  constructor(options: ValidationPipeOptions) {
    super(options);
    this.compiled = new CompiledDtoChecks(options);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom')
      rejectNulCharacters(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
    const expectsObject = metadata.type === 'body' && this.toValidate(metadata);
    if (expectsObject && value !== undefined && !isPlainObject(value)) {
      throw ValidationError.field('body', 'must be a JSON object');
    }
    return super.transform(value, metadata);
  }

  /** The compiled check first; class-validator only for what it does not accept. */
  protected override validate(
    entity: object,
    options?: ValidatorOptions,
  ): ReturnType<ValidationPipe['validate']> {
    return this.compiled.accepts(entity) ? [] : super.validate(entity, options);
  }
}

/**
 * U+0000 is valid JSON but no PostgreSQL text value can hold it: it would surface as a 500 deep
 * in a query (an email or id becomes part of a stream name). Refused here, for every body,
 * path and query value, with the fields that carry it. The walk keeps its own stack rather than
 * recursing, so no nesting can overflow the call stack (bodies are also capped at
 * MAX_JSON_DEPTH before they are parsed).
 */
function rejectNulCharacters(value: unknown, root: string): void {
  const fields: FieldError[] = [];
  const pending: [node: unknown, path: string][] = [[value, root]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, path] = next;
    if (typeof node === 'string') {
      if (node.includes('\u0000')) {
        fields.push({ field: path || 'body', message: 'must not contain NUL (U+0000) characters' });
      }
    } else if (Array.isArray(node)) {
      // Pushed last to first, so fields are reported in the order the body spells them.
      for (let index = node.length - 1; index >= 0; index--) {
        pending.push([node[index], `${path}[${index}]`]);
      }
    } else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node).reverse()) {
        if (key.includes('\u0000'))
          fields.push({ field: path || 'body', message: 'has a key with a NUL character' });
        pending.push([item, path ? `${path}.${key}` : key]);
      }
    }
  }
  if (fields.length > 0) throw new ValidationError(fields);
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Flattens class-validator's error tree into `{field, message}` with paths as a client spells
 * them: `lines[2].quantity`. Messages drop the leading property name class-validator adds
 * ("quantity must be ..." -> "must be ..."), as the field already says it.
 */
export function toFieldErrors(errors: readonly ClassValidatorError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = joinPath(parent, error.property);
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field: field || 'body',
      message: withoutSubject(message, error.property),
    }));
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

function joinPath(parent: string, property: string | undefined): string {
  if (property === undefined || property === '') return parent;
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

function withoutSubject(message: string, property: string | undefined): string {
  const subject = `${property} `;
  return property && message.startsWith(subject) ? message.slice(subject.length) : message;
}
