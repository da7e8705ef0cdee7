import { createLogger } from '../../observability/logger';
import { createHttpApp, type HttpAppOptions } from '../create-http-app';
import { type HttpApp } from '../http-app';
import { FixtureModule } from './fixture.module.testing';

export type LogLine = Record<string, unknown> & { level: string; msg: string };

export type FixtureApp = {
  app: HttpApp;
  /** Every log line written so far, raw (to search for leaked secrets). */
  rawLog: () => string;
  /** The same lines, parsed. */
  logLines: () => LogLine[];
};

/** The fixture API on the real foundation, logging into memory. */
export async function createFixtureApp(
  overrides: Partial<HttpAppOptions> = {},
): Promise<FixtureApp> {
  const lines: string[] = [];
  const logger = createLogger({
    name: 'fixture-api',
    level: 'debug',
    destination: { write: (line: string) => void lines.push(line) },
  });
  const app = await createHttpApp({
    name: 'fixture-api',
    module: FixtureModule,
    port: 0,
    host: '127.0.0.1',
    portVariable: 'FIXTURE_API_PORT',
    logger,
    apiPrefix: 'api/v1',
    exposePosition: true,
    ...overrides,
  });
  return {
    app,
    rawLog: () => lines.join(''),
    logLines: () => lines.map((line) => JSON.parse(line) as LogLine),
  };
}
