import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { StartedTestContainer } from 'testcontainers';
import { brokerConfig, toImageEnvironment } from './kafka/broker-config';
import { waitForKafka } from './kafka/ready';
import { kafkaVersion } from './kafka/version';
import { freePort } from './runtime/net';
import { type RunningService, type ServiceName } from './service';

const IMAGES = {
  postgres: 'postgres:15-alpine',
  redis: 'redis:7-alpine',
  mailpit: 'axllent/mailpit:v1.31.3',
};
const PROBE_TIMEOUT_MS = 2000;

/**
 * Whether a container engine answers. Looks for a hint first (importing testcontainers alone costs
 * half a second), then asks testcontainers' own runtime client, for at most two seconds.
 */
export async function dockerAvailable(): Promise<boolean> {
  if (process.env.SHOPSTREAM_TESTCONTAINERS === '0') return false;
  const runtimeDir = process.env.XDG_RUNTIME_DIR ?? `/run/user/${process.getuid?.() ?? 0}`;
  const hints = [
    '/var/run/docker.sock',
    join(homedir(), '.docker', 'run', 'docker.sock'),
    join(homedir(), '.docker', 'desktop', 'docker.sock'),
    join(homedir(), '.testcontainers.properties'),
    join(runtimeDir, 'docker.sock'),
    join(runtimeDir, 'podman', 'podman.sock'),
  ];
  if (!process.env.DOCKER_HOST && !hints.some((path) => existsSync(path))) return false;
  const { getContainerRuntimeClient } = await import('testcontainers');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(resolve, PROBE_TIMEOUT_MS, false);
  });
  const probe = getContainerRuntimeClient().then(
    () => true,
    () => false,
  );
  const available = await Promise.race([probe, timeout]);
  clearTimeout(timer);
  return available;
}

export function startContainer(name: ServiceName): Promise<RunningService> {
  switch (name) {
    case 'postgres':
      return startPostgres();
    case 'redis':
      return startRedis();
    case 'kafka':
      return startKafka();
    case 'smtp':
      return startMailpit();
  }
}

function service(
  name: ServiceName,
  container: StartedTestContainer,
  env: Record<string, string>,
  detail: string,
): RunningService {
  return {
    name,
    source: 'testcontainers',
    env,
    detail,
    async stop() {
      await container.stop({ timeout: 0 });
    },
  };
}

async function startPostgres(): Promise<RunningService> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const settings = [
    'fsync=off',
    'synchronous_commit=off',
    'full_page_writes=off',
    'max_connections=300',
  ];
  const container = await new GenericContainer(IMAGES.postgres)
    .withEnvironment({ POSTGRES_PASSWORD: 'postgres' })
    .withCommand(['postgres', ...settings.flatMap((setting) => ['-c', setting])])
    .withTmpFs({ '/var/lib/postgresql/data': 'rw' })
    .withExposedPorts(5432)
    // The image starts the server twice: once to initialise, then for real.
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  const url = `postgres://postgres:postgres@${container.getHost()}:${container.getMappedPort(5432)}/postgres`;
  return service('postgres', container, { DATABASE_URL: url }, IMAGES.postgres);
}

async function startRedis(): Promise<RunningService> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(IMAGES.redis)
    .withCommand(['redis-server', '--save', '', '--appendonly', 'no'])
    .withExposedPorts(6379)
    .withWaitStrategy(Wait.forLogMessage('Ready to accept connections'))
    .start();
  const url = `redis://${container.getHost()}:${container.getMappedPort(6379)}`;
  return service('redis', container, { REDIS_URL: url }, IMAGES.redis);
}

async function startKafka(): Promise<RunningService> {
  const { GenericContainer, Wait, getContainerRuntimeClient } = await import('testcontainers');
  const image = `apache/kafka:${kafkaVersion()}`;
  const host = (await getContainerRuntimeClient()).info.containerRuntime.host;
  // Clients must be told an address they can reach, so the broker's port is the same inside and
  // outside the container.
  const port = await freePort();
  const config = brokerConfig({
    listener: `PLAINTEXT://0.0.0.0:${port}`,
    advertised: `PLAINTEXT://${host}:${port}`,
    controllerListener: 'CONTROLLER://0.0.0.0:9093',
    controllerAddress: 'localhost:9093',
    logDir: '/tmp/kraft-combined-logs',
  });
  const container = await new GenericContainer(image)
    .withEnvironment({
      ...toImageEnvironment(config),
      CLUSTER_ID: randomBytes(16).toString('base64url').replace(/^-/, 'A'),
    })
    .withExposedPorts({ container: port, host: port })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  const brokers = `${host}:${port}`;
  await waitForKafka(brokers, { timeoutMs: 60_000 });
  return service('kafka', container, { KAFKA_BROKERS: brokers }, image);
}

async function startMailpit(): Promise<RunningService> {
  const { GenericContainer } = await import('testcontainers');
  const container = await new GenericContainer(IMAGES.mailpit)
    .withEnvironment({ MP_SMTP_AUTH_ACCEPT_ANY: 'true', MP_SMTP_AUTH_ALLOW_INSECURE: 'true' })
    .withExposedPorts(1025, 8025)
    .start();
  const host = container.getHost();
  return service(
    'smtp',
    container,
    {
      SMTP_URL: `smtp://test:test@${host}:${container.getMappedPort(1025)}`,
      SMTP_SINK_URL: `http://${host}:${container.getMappedPort(8025)}`,
    },
    IMAGES.mailpit,
  );
}
