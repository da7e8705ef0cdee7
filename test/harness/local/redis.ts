import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../runtime/net';
import { commandPath, spawnService } from '../runtime/processes';
import { retryOnPortClash, waitFor } from '../runtime/wait';
import { type RunningService } from '../service';

/** A private, non-persistent redis-server on a free loopback port. */
export async function startLocalRedis(parentDir: string): Promise<RunningService> {
  const command = redisServerBinary();
  const dir = join(parentDir, 'redis');
  mkdirSync(dir);

  const { server, port } = await retryOnPortClash(async () => {
    const port = await freePort();
    const server = spawnService({
      name: 'redis',
      command,
      args: Object.entries({
        port: String(port),
        bind: '127.0.0.1',
        dir,
        save: '',
        appendonly: 'no',
        daemonize: 'no',
        'protected-mode': 'no',
        loglevel: 'warning',
      }).flatMap(([name, value]) => [`--${name}`, value]),
      logFile: join(dir, `redis-${port}.log`),
    });
    try {
      await waitFor('redis', () => ping(port), {
        timeoutMs: 15_000,
        intervalMs: 50,
        process: server,
      });
    } catch (error) {
      await server.stop();
      throw error;
    }
    return { server, port };
  });

  return {
    name: 'redis',
    source: 'local',
    env: { REDIS_URL: `redis://127.0.0.1:${port}` },
    detail: `redis-server ${execFileSync(command, ['--version'], { encoding: 'utf8' }).match(/v=(\S+)/)?.[1] ?? ''}`,
    async stop() {
      await server.stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}

export function redisServerBinary(): string {
  const binary = process.env.REDIS_SERVER_BIN || commandPath('redis-server');
  if (!binary) {
    throw new Error(
      'redis: no redis-server found; install it (scripts/install-test-services.sh) or set REDIS_URL',
    );
  }
  return binary;
}
