import { type INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import {
  type OperationObject,
  type ReferenceObject,
  type RequestBodyObject,
  type SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { declareOperationsAccess } from '../access/operations-docs';
import { problemResponse } from './api-problems.decorator';
import { PROBLEM_SCHEMAS } from './problem-schema';

export type DocsOptions = {
  title: string;
  description?: string;
  version?: string;
};

export const DOCS_PATH = 'docs';
export const OPENAPI_JSON_PATH = 'docs/openapi.json';

/**
 * Builds the OpenAPI 3 document from the app's controllers and serves it at
 * `/docs/openapi.json`, with Swagger UI at `/docs`. Must run before the app is initialised:
 * the UI's static assets are a Fastify plugin.
 */
export function serveApiDocs(
  app: INestApplication,
  options: DocsOptions,
  conventions: { writeApi: boolean; metricsToken?: boolean } = { writeApi: false },
): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description ?? '')
    .setVersion(options.version ?? '1.0.0')
    // The scheme `@ApiBearerAuth()` refers to by default.
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...PROBLEM_SCHEMAS },
  };
  declareTransportConventions(document, conventions.writeApi);
  declareOperationsAccess(document, conventions.metricsToken === true);
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    swaggerOptions: { persistAuthorization: true },
  });
  return document;
}

const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;

/**
 * What every route gets from the shared HTTP layer rather than from its controller, declared
 * once here so a client generator or fuzzer sees the whole contract: the correlation id header;
 * 413 and 415 on routes with a body, and its DTOs' refusal of unknown fields; on the write API,
 * the Idempotency-Key header with its 409 (still in progress) and 422 (reused with another
 * body), and X-Position on success.
 */
function declareTransportConventions(document: OpenAPIObject, writeApi: boolean): void {
  for (const path of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(path) as Array<[string, OperationObject]>) {
      if (typeof operation !== 'object' || !operation.responses) continue;
      operation.parameters = [
        ...(operation.parameters ?? []),
        {
          name: 'X-Correlation-Id',
          in: 'header',
          required: false,
          description: 'Traces the request into logs and event metadata; echoed back.',
          schema: { type: 'string', maxLength: 128 },
        },
      ];
      if (operation.requestBody) {
        forbidUnknownFields(document, operation.requestBody);
        operation.responses['413'] ??= problemResponse(413);
        operation.responses['415'] ??= problemResponse(415);
        operation.responses['400'] ??= problemResponse(400);
      }
      if (!writeApi || !(WRITE_METHODS as readonly string[]).includes(method)) continue;
      operation.parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description:
          'A retry with the same key and body returns the first answer and appends nothing.',
        schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
      });
      operation.responses['409'] ??= problemResponse(409);
      operation.responses['422'] ??= problemResponse(422);
      operation.responses['400'] ??= problemResponse(400);
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!response || !status.startsWith('2') || '$ref' in response || status === '204')
          continue;
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
}

/**
 * The global ValidationPipe refuses fields a DTO does not declare (`forbidNonWhitelisted`), in
 * nested DTOs too: `additionalProperties: false` on every object schema a body refers to.
 */
function forbidUnknownFields(
  document: OpenAPIObject,
  body: RequestBodyObject | ReferenceObject,
): void {
  const visit = (schema: SchemaObject | ReferenceObject | undefined): void => {
    if (!schema) return;
    if ('$ref' in schema) {
      visit(document.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')]);
      return;
    }
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
