import { loadConfig } from '../../platform/config/config';
import { commandProblem, variablesTheCodeReads } from './code-surface';
import { composeServices, environmentOf, shopstreamServices } from './compose-file';

/**
 * docker-compose.yml cannot run here (no Docker engine), so what it hands Shopstream is checked
 * against the code: each service's command must be a real `shopstream` subcommand, and each
 * variable it sets must be one the code reads; a typo would otherwise be ignored at run time.
 */
describe('docker-compose.yml against the code', () => {
  const services = shopstreamServices(composeServices());
  const known = variablesTheCodeReads();

  it('runs the Shopstream image for every process and the migration', () => {
    expect(services.map(([name]) => name).sort()).toEqual([
      'migrate',
      'process-managers',
      'projections',
      'read-api',
      'relay',
      'write-api',
    ]);
  });

  it('gives every Shopstream service a real shopstream subcommand', () => {
    const problems = services
      .map(([name, service]) => [name, commandProblem(service.command ?? [])])
      .filter(([, problem]) => problem !== undefined);
    expect(problems).toEqual([]);
  });

  it('sets only variables the code reads', () => {
    const unknown = services.flatMap(([name, service]) =>
      Object.keys(service.environment ?? {})
        .filter((variable) => !known.has(variable))
        .map((variable) => `${name}: ${variable}`),
    );
    expect(unknown).toEqual([]);
  });

  it("gives every Shopstream service values its configuration accepts, with the file's defaults", () => {
    const refused = services.flatMap(([name, service]) => {
      try {
        loadConfig(environmentOf(service));
        return [];
      } catch (error) {
        return [`${name}: ${(error as Error).message}`];
      }
    });
    expect(refused).toEqual([]);
  });

  it('points every Shopstream service at the real services, none at the embedded defaults', () => {
    const embedded = services.flatMap(([name, service]) => {
      const config = loadConfig(environmentOf(service));
      return [
        config.eventStore.kind === 'eventstoredb' ? [] : [`${name}: events not in KurrentDB`],
        config.database.kind === 'postgres' ? [] : [`${name}: no DATABASE_URL`],
        config.kafkaBrokers ? [] : [`${name}: no KAFKA_BROKERS`],
        config.redisUrl ? [] : [`${name}: no REDIS_URL`],
        config.smtpUrl ? [] : [`${name}: no SMTP_URL`],
      ].flat();
    });
    expect(embedded).toEqual([]);
  });

  describe('the checks themselves', () => {
    it('refuse a misspelt, an incomplete and an unknown-option command', () => {
      expect(commandProblem(['projections', 'runn'])).toMatch(/no subcommand "runn"/);
      expect(commandProblem(['projections'])).toMatch(/needs a subcommand/);
      expect(commandProblem(['write-api', '--port'])).toMatch(/no option --port/);
    });

    it('know the variables read by config and outside it, and not a misspelt one', () => {
      expect(known).toContain('DATABASE_URL');
      expect(known).toContain('LOG_LEVEL');
      expect(known).not.toContain('DATABASE_URI');
    });
  });
});
