import { type OpenAPIObject } from '@nestjs/swagger';
import { problemResponse } from '../openapi/api-problems.decorator';

export const METRICS_TOKEN_SCHEME = 'metricsToken';

/**
 * Says in the OpenAPI document what operations-access.ts enforces, as this process is configured:
 * `/metrics` needs the METRICS_TOKEN bearer (and may answer 401) only when one is set, and
 * `/health/ready` takes an optional admin bearer token (`{}` is the "no credentials" choice).
 */
export function declareOperationsAccess(document: OpenAPIObject, metricsTokenSet: boolean): void {
  const metrics = document.paths['/metrics']?.get;
  if (metrics) {
    if (metricsTokenSet) {
      document.components = {
        ...document.components,
        securitySchemes: {
          ...document.components?.securitySchemes,
          [METRICS_TOKEN_SCHEME]: {
            type: 'http',
            scheme: 'bearer',
            description: 'The value of METRICS_TOKEN.',
          },
        },
      };
      metrics.security = [{ [METRICS_TOKEN_SCHEME]: [] }];
      metrics.responses['401'] = problemResponse(401);
    } else {
      metrics.security = [];
    }
  }
  const ready = document.paths['/health/ready']?.get;
  if (ready) ready.security = [{}, { bearer: [] }];
}
