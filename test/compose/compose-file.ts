import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * docker-compose.yml as Debian's docker-compose normalises it (anchors merged, defaults
 * interpolated), read through the YAML parser docker-compose itself uses, so the tests see what
 * compose would run.
 */
export const repositoryRoot = path.resolve(__dirname, '../..');
export const composeFile = path.join(repositoryRoot, 'docker-compose.yml');

export type ComposeService = Readonly<{
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number | null>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[] };
  ports?: unknown[];
  restart?: string;
}>;

export function compose(
  args: string[],
  file = composeFile,
): { status: number | null; out: string } {
  const result = spawnSync('docker-compose', ['-f', file, ...args], { encoding: 'utf8' });
  if (result.error) {
    throw new Error(
      `docker-compose is not runnable (${result.error.message}); run scripts/install-test-services.sh`,
    );
  }
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

export function composeServices(file = composeFile): Record<string, ComposeService> {
  const normalised = compose(['config'], file);
  if (normalised.status !== 0) throw new Error(`docker-compose config failed: ${normalised.out}`);
  const asJson = spawnSync(
    'python3',
    ['-c', 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'],
    { input: normalised.out, encoding: 'utf8' },
  );
  if (asJson.status !== 0)
    throw new Error(`cannot read the normalised compose file: ${asJson.stderr}`);
  return (JSON.parse(asJson.stdout) as { services: Record<string, ComposeService> }).services;
}

/** The services that run the Shopstream image, as opposed to the infrastructure they use. */
export function shopstreamServices(
  services: Record<string, ComposeService>,
): [string, ComposeService][] {
  return Object.entries(services).filter(([, service]) => service.build !== undefined);
}

/** A service's environment as the process would see it: every value a string. */
export function environmentOf(service: ComposeService): Record<string, string> {
  return Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([key, value]) => [key, String(value ?? '')]),
  );
}
