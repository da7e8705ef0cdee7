import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Validates docker-compose.yml with Debian's docker-compose, which parses and checks the file
 * without a Docker engine.
 */
const root = path.resolve(__dirname, '../..');
const composeFile = path.join(root, 'docker-compose.yml');

function compose(args: string[], file = composeFile): { status: number | null; out: string } {
  const result = spawnSync('docker-compose', ['-f', file, ...args], { encoding: 'utf8' });
  if (result.error) {
    throw new Error(
      `docker-compose is not runnable (${result.error.message}); run scripts/install-test-services.sh`,
    );
  }
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('docker-compose.yml', () => {
  it('is a valid compose file', () => {
    const { status, out } = compose(['config', '-q']);
    expect({ status, out }).toEqual({ status: 0, out: '' });
  });

  it('defines the infrastructure services, each with a health check', () => {
    const services = compose(['config', '--services']).out.trim().split('\n').sort();
    expect(services).toEqual(['eventstore', 'kafka', 'mailpit', 'postgres', 'redis']);
    const normalised = compose(['config']).out;
    for (const service of services) {
      const block = normalised.split(new RegExp(`^  ${service}:$`, 'm'))[1]?.split(/^ {2}\S/m)[0];
      expect({
        service,
        hasHealthcheck: /\n {4}healthcheck:\n( {6}.*\n)* {6}test:\n/.test(block ?? ''),
      }).toEqual({
        service,
        hasHealthcheck: true,
      });
    }
  });

  it('runs Kafka on the same version as the tests', () => {
    const testedVersion = readFileSync(path.join(root, 'scripts/kafka-version'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '' && !line.startsWith('#'));
    const normalised = compose(['config']).out;
    expect(normalised).toContain(`image: apache/kafka:${testedVersion}\n`);
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
