import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../platform/config/config';
import { type HttpApp } from '../../platform/http';
import { createLogger } from '../../platform/observability/logger';
import { createReadApi } from '../../read-api/main';

export type ReadApiSpec = Readonly<{ databaseUrl: string; jwtSecret: string }>;

/**
 * The read API as `shopstream read-api` builds it from its configuration (createReadApi opens
 * its own read-model pool, event store and coordination: in-process without REDIS_URL), on the
 * rebuilt read models, with info-level JSON logs written to /dev/null (formatted and written
 * asynchronously as in production, not printed).
 */
export async function startReadApiServer(
  spec: ReadApiSpec,
): Promise<{ url: string; app: HttpApp }> {
  const config = loadConfig({
    DATABASE_URL: spec.databaseUrl,
    JWT_SECRET: spec.jwtSecret,
    DATA_DIR: path.join(os.tmpdir(), `shopstream-bench-${randomUUID()}`),
  });
  const logger = createLogger({
    name: 'read-api',
    level: 'info',
    destination: pino.destination({ dest: '/dev/null', sync: false }),
  });
  const app = await createReadApi({ config: { ...config, readApiPort: 0 }, logger });
  const url = (await app.listen()).replace('0.0.0.0', '127.0.0.1');
  return { url, app };
}
