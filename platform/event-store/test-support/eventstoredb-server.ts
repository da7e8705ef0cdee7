import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

const DEFAULT_IMAGE = 'docker.kurrent.io/kurrent-latest/kurrentdb:latest';

/**
 * Where the EventStoreDB contract suite gets a server: EVENTSTORE_URL if set, otherwise a
 * KurrentDB container through testcontainers. Jest registers tests synchronously, so the engine
 * check here is the cheap synchronous one (a socket or DOCKER_HOST); if a socket exists but the
 * engine does not answer, starting the container fails the suite loudly instead of skipping.
 */
export type EventStoreDbSource =
  | { kind: 'url'; url: string }
  | { kind: 'container'; image: string }
  | { kind: 'none'; reason: string };

export function eventStoreDbSource(env: NodeJS.ProcessEnv = process.env): EventStoreDbSource {
  if (env.EVENTSTORE_URL) return { kind: 'url', url: env.EVENTSTORE_URL };
  const image = env.KURRENTDB_IMAGE ?? DEFAULT_IMAGE;
  if (env.SHOPSTREAM_TESTCONTAINERS === '0') {
    return { kind: 'none', reason: 'no EVENTSTORE_URL and SHOPSTREAM_TESTCONTAINERS=0' };
  }
  if (env.DOCKER_HOST) return { kind: 'container', image };
  const runtimeDir = env.XDG_RUNTIME_DIR ?? `/run/user/${process.getuid?.() ?? 0}`;
  const sockets = [
    '/var/run/docker.sock',
    path.join(homedir(), '.docker', 'run', 'docker.sock'),
    path.join(homedir(), '.docker', 'desktop', 'docker.sock'),
    path.join(runtimeDir, 'docker.sock'),
    path.join(runtimeDir, 'podman', 'podman.sock'),
  ];
  if (sockets.some((socket) => existsSync(socket))) return { kind: 'container', image };
  return {
    kind: 'none',
    reason: `no EVENTSTORE_URL and no Docker engine (no DOCKER_HOST, none of ${sockets.join(', ')})`,
  };
}

export type RunningEventStoreDb = { url: string; stop(): Promise<void> };

/** An insecure, in-memory single node, allowed appends larger than the contract's 1 MiB event. */
export async function startEventStoreDb(image: string): Promise<RunningEventStoreDb> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const prefix = image.includes('eventstore/eventstore') ? 'EVENTSTORE' : 'KURRENTDB';
  const container = await new GenericContainer(image)
    .withEnvironment({
      [`${prefix}_INSECURE`]: 'true',
      [`${prefix}_MEM_DB`]: 'true',
      [`${prefix}_RUN_PROJECTIONS`]: 'None',
      [`${prefix}_MAX_APPEND_SIZE`]: String(8 * 1024 * 1024),
    })
    .withExposedPorts(2113)
    .withWaitStrategy(
      Wait.forHttp('/health/live', 2113).forStatusCodeMatching((code) => code >= 200 && code < 300),
    )
    .withStartupTimeout(120_000)
    .start();
  return {
    url: `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`,
    stop: async () => {
      await container.stop({ timeout: 0 });
    },
  };
}
