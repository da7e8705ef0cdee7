import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repositoryRoot } from './compose-file';

/**
 * Runs deploy/nginx/gateway.conf under Debian's nginx, as the gateway container does, with
 * upstreams pointing wherever the test says. Only the listen port changes, so tests can run
 * side by side.
 */
export const gatewayConf = path.join(repositoryRoot, 'deploy/nginx/gateway.conf');

/** The nginx binary, or undefined when it is not installed (it lives in sbin, often off PATH). */
export function findNginx(): string | undefined {
  for (const candidate of ['nginx', '/usr/sbin/nginx']) {
    const probe = spawnSync(candidate, ['-v'], { encoding: 'utf8' });
    if (!probe.error) return candidate;
  }
  return undefined;
}

export type GatewaySetup = Readonly<{
  dir: string;
  port: number;
  /** Arguments for nginx that select this setup's files. */
  args: string[];
}>;

/** Writes an nginx.conf that includes the gateway after the given upstreams. */
export async function prepareGateway(upstreams: string): Promise<GatewaySetup> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gateway-'));
  // Workers drop root and then write proxy buffers here.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const original = readFileSync(gatewayConf, 'utf8');
  if (original.split('listen 8080;').length !== 2) {
    throw new Error('gateway.conf must listen on 8080 exactly once');
  }
  writeFileSync(
    path.join(dir, 'gateway.conf'),
    original.replace('listen 8080;', `listen 127.0.0.1:${port};`),
  );
  writeFileSync(path.join(dir, 'upstreams.conf'), upstreams);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((kind) => `  ${kind}_temp_path ${path.join(dir, kind)};`)
    .join('\n');
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `worker_processes 1;\npid ${path.join(dir, 'nginx.pid')};\nerror_log ${path.join(dir, 'error.log')};\n` +
      `events {}\nhttp {\n  access_log off;\n${temp}\n` +
      (upstreams === '' ? '' : `  include ${path.join(dir, 'upstreams.conf')};\n`) +
      `  include ${path.join(dir, 'gateway.conf')};\n}\n`,
  );
  const args = ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')];
  return { dir, port, args };
}

export function testConfig(
  nginx: string,
  setup: GatewaySetup,
): { status: number | null; out: string } {
  const result = spawnSync(nginx, ['-t', ...setup.args], { encoding: 'utf8' });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

/** Starts nginx in the foreground and resolves once the gateway answers its own health path. */
export async function startGateway(nginx: string, setup: GatewaySetup): Promise<ChildProcess> {
  const child = spawn(nginx, [...setup.args, '-g', 'daemon off;'], { stdio: 'ignore' });
  for (let attempt = 0; attempt < 100; attempt++) {
    const answered = await fetch(`http://127.0.0.1:${setup.port}/gateway/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) return child;
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  const log = path.join(setup.dir, 'error.log');
  throw new Error(`nginx did not start: ${existsSync(log) ? readFileSync(log, 'utf8') : ''}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
