import { type INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { declareOperationsAccess } from '../access/operations-docs';
import { assertUniqueOperationIds, operationIdOf } from './operation-ids';
import { PROBLEM_SCHEMAS } from './problem-schema';
import { declareNulRefusal } from './text-without-nul';
import { declareTransportConventions } from './transport-conventions';

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
  const document = buildApiDocument(app, options, conventions);
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    swaggerOptions: { persistAuthorization: true },
  });
  return document;
}

function buildApiDocument(
  app: INestApplication,
  options: DocsOptions,
  conventions: { writeApi: boolean; metricsToken?: boolean },
): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description ?? '')
    .setVersion(options.version ?? '1.0.0')
    // Relative: the API answers on whatever address (gateway or own port) served the document.
    .addServer('/', 'The address this document was fetched from')
    // The scheme `@ApiBearerAuth()` refers to by default.
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: operationIdOf,
  });
  assertUniqueOperationIds(document);
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...PROBLEM_SCHEMAS },
  };
  declareTransportConventions(document, conventions.writeApi);
  // After the conventions: it replaces their `security: []` on /metrics and /health/ready.
  declareOperationsAccess(document, conventions.metricsToken === true);
  declareNulRefusal(document);
  return document;
}
