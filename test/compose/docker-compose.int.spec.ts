import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compose, composeServices, repositoryRoot, shopstreamServices } from './compose-file';

/**
 * Validates docker-compose.yml with Debian's docker-compose, which parses and checks the file
 * without a Docker engine, and checks the topology's rules: everything health-checked, started
 * in order, the APIs scalable behind one gateway.
 */
describe('docker-compose.yml', () => {
  const services = composeServices();

  it('is a valid compose file', () => {
    const { status, out } = compose(['config', '-q']);
    expect({ status, out }).toEqual({ status: 0, out: '' });
  });

  it('defines the infrastructure, every Shopstream process and the gateway', () => {
    expect(Object.keys(services).sort()).toEqual([
      'eventstore',
      'gateway',
      'kafka',
      'mailpit',
      'migrate',
      'postgres',
      'process-managers',
      'projections',
      'read-api',
      'redis',
      'relay',
      'write-api',
    ]);
  });

  it('health-checks every long-running service', () => {
    const unchecked = Object.entries(services)
      .filter(([name, service]) => name !== 'migrate' && !service.healthcheck?.test?.length)
      .map(([name]) => name);
    expect(unchecked).toEqual([]);
  });

  it('starts a service only once what it depends on is healthy, or migrated', () => {
    const wrongConditions = Object.entries(services).flatMap(([name, service]) =>
      Object.entries(service.depends_on ?? {})
        .filter(([dependency, { condition }]) => {
          const expected =
            dependency === 'migrate' ? 'service_completed_successfully' : 'service_healthy';
          return condition !== expected;
        })
        .map(([dependency, { condition }]) => `${name} -> ${dependency}: ${condition}`),
    );
    expect(wrongConditions).toEqual([]);
    const notAfterMigrate = shopstreamServices(services)
      .filter(([name, service]) => name !== 'migrate' && !service.depends_on?.migrate)
      .map(([name]) => name);
    expect(notAfterMigrate).toEqual([]);
  });

  it('runs migrate once, and leaves the APIs without host ports so --scale works', () => {
    expect(services.migrate.restart).toBe('no');
    expect([services['write-api'].ports, services['read-api'].ports]).toEqual([
      undefined,
      undefined,
    ]);
    expect(services.gateway.ports).toHaveLength(1);
  });

  it('runs Kafka on the same version as the tests', () => {
    const testedVersion = readFileSync(path.join(repositoryRoot, 'scripts/kafka-version'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '' && !line.startsWith('#'));
    expect(services.kafka.image).toBe(`apache/kafka:${testedVersion}`);
  });

  it('rejects a broken file, so the check above can fail', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'compose-'));
    const broken = path.join(dir, 'docker-compose.yml');
    writeFileSync(
      broken,
      'version: "3.8"\nservices:\n  kafka:\n    image: 42\n    helthcheck: {}\n',
    );
    expect(compose(['config', '-q'], broken).status).not.toBe(0);
    execFileSync('rm', ['-rf', dir]);
  });
});
