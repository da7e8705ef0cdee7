import { ApiExtension, type OpenAPIObject } from '@nestjs/swagger';
import {
  type ReferenceObject,
  type RequestBodyObject,
  type SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { problemResponse } from './api-problems.decorator';
import { operationsOf, resolveSchema } from './document-walk';

const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;
const IGNORES_IDEMPOTENCY_KEY = 'x-ignores-idempotency-key';

/** On a write route that does not honour `Idempotency-Key`: its document does not offer it. */
export const IgnoresIdempotencyKey = (): MethodDecorator =>
  ApiExtension(IGNORES_IDEMPOTENCY_KEY, true);

/**
 * What every route gets from the shared HTTP layer rather than from its controller, declared
 * once here so a client generator or fuzzer sees the whole contract: the correlation id header;
 * 413 and 415 on routes with a body, and its DTOs' refusal of unknown fields; on the write API,
 * the Idempotency-Key header with its 409 (still in progress) and 422 (reused with another
 * body), and X-Position on success; `security: []` on the operations anyone may call.
 */
export function declareTransportConventions(document: OpenAPIObject, writeApi: boolean): void {
  for (const { method, operation } of operationsOf(document)) {
    // Explicitly public, so a linter or generator does not read a forgotten scheme into it.
    operation.security ??= [];
    operation.parameters = [
      ...(operation.parameters ?? []),
      {
        name: 'X-Correlation-Id',
        in: 'header',
        required: false,
        // No maxLength: a tracing header never fails a request (see correlation-id.ts).
        description:
          'Traces the request into logs and event metadata; echoed back. A value that is ' +
          'not 1 to 128 printable ASCII characters is replaced by a fresh UUID, which the ' +
          'response header then carries.',
        schema: { type: 'string' },
      },
    ];
    if (operation.requestBody) {
      forbidUnknownFields(document, operation.requestBody);
      operation.responses['413'] ??= problemResponse(413);
      operation.responses['415'] ??= problemResponse(415);
      operation.responses['400'] ??= problemResponse(400);
    }
    const ignoresKey = IGNORES_IDEMPOTENCY_KEY in operation;
    delete (operation as unknown as Record<string, unknown>)[IGNORES_IDEMPOTENCY_KEY];
    if (!writeApi || ignoresKey || !(WRITE_METHODS as readonly string[]).includes(method)) {
      continue;
    }
    operation.parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'A retry with the same key and body returns the first answer and appends nothing; ' +
        'the same key with another body is 422.',
      schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
    });
    operation.responses['409'] ??= problemResponse(409);
    operation.responses['422'] ??= problemResponse(422);
    operation.responses['400'] ??= problemResponse(400);
    for (const [status, response] of Object.entries(operation.responses)) {
      if (!response || !status.startsWith('2') || '$ref' in response || status === '204') continue;
      response.headers = {
        ...response.headers,
        'X-Position': {
          description: 'Position of the last appended event (opaque).',
          schema: { type: 'string' },
        },
      };
    }
  }
}

/**
 * The global ValidationPipe refuses fields a DTO does not declare (`forbidNonWhitelisted`), in
 * nested DTOs too: `additionalProperties: false` on every object schema a body refers to.
 */
function forbidUnknownFields(
  document: OpenAPIObject,
  body: RequestBodyObject | ReferenceObject,
): void {
  const visit = (item: SchemaObject | ReferenceObject | undefined): void => {
    const schema = item && resolveSchema(document, item);
    if (!schema) return;
    if (schema.properties && schema.additionalProperties === undefined) {
      schema.additionalProperties = false;
      Object.values(schema.properties).forEach(visit);
    }
    schema.allOf?.forEach(visit);
    visit(schema.items);
  };
  if ('$ref' in body) return;
  for (const media of Object.values(body.content)) visit(media.schema);
}
