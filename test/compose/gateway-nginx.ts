import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type GatewaySetup, writeGatewayConfig } from '../../scripts/topology/gateway-config';
import { freePort } from '../harness/runtime/net';

/**
 * Runs deploy/nginx/gateway.conf under Debian's nginx, as the gateway container does, with
 * upstreams pointing wherever the test says, through the same setup scripts/run-topology.sh uses.
 * Only the listen port changes, so tests can run side by side.
 */
export { gatewayConf, type GatewaySetup } from '../../scripts/topology/gateway-config';

/** The nginx binary, or undefined when it is not installed (it lives in sbin, often off PATH). */
export function findNginx(): string | undefined {
  for (const candidate of ['nginx', '/usr/sbin/nginx']) {
    const probe = spawnSync(candidate, ['-v'], { encoding: 'utf8' });
    if (!probe.error) return candidate;
  }
  return undefined;
}

/** Writes an nginx.conf that includes the gateway after the given upstreams. */
export async function prepareGateway(upstreams: string): Promise<GatewaySetup> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gateway-'));
  return writeGatewayConfig({ dir, port: await freePort(), upstreams });
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
