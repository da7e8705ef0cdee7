import { randomUUID } from 'node:crypto';
import { descendantsOf, isRunning } from './process-tree.testing';
import { type RunningTopology, startTopologyScript } from './run-topology.testing';

/**
 * scripts/run-topology.sh on the harness's Postgres, Kafka, Redis and SMTP sink: every process
 * of the distributed topology as its own OS process, behind the gateway config compose ships.
 * Which instance answered is read from each process's own request counter (/metrics).
 */
jest.setTimeout(300_000);

let topology: RunningTopology;

beforeAll(async () => {
  topology = await startTopologyScript({ AUTH_RATE_LIMIT_PER_MINUTE: '1000' });
});

afterAll(async () => {
  await topology?.close();
});

/** Requests one process has answered for this method and route pattern, over all statuses. */
async function answered(processName: string, method: string, route: string): Promise<number> {
  const { port } = topology.processNamed(processName);
  const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return metrics
    .split('\n')
    .filter(
      (line) =>
        line.startsWith('http_requests_total{') &&
        line.includes(`method="${method}"`) &&
        line.includes(`route="${route}"`),
    )
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

describe('scripts/run-topology.sh', () => {
  it('starts two write APIs, a read API, projections, the relay, two process managers and the gateway, each its own process', () => {
    expect(topology.processes.map((running) => running.name).sort()).toEqual([
      'gateway',
      'process-managers-1',
      'process-managers-2',
      'projections',
      'read-api',
      'relay',
      'write-api-1',
      'write-api-2',
    ]);
    expect(new Set(topology.processes.map((running) => running.pid)).size).toBe(8);
    expect(new Set(topology.processes.map((running) => running.port)).size).toBe(8);
    for (const running of topology.processes) expect(isRunning(running.pid)).toBe(true);
    expect(topology.gatewayUrl).toBe(`http://127.0.0.1:${topology.processNamed('gateway').port}`);
  });

  it('routes GET of /api/v1/* through the gateway to the read API', async () => {
    const response = await fetch(`${topology.gatewayUrl}/api/v1/products`);
    expect(response.status).toBe(200);
    expect(await answered('read-api', 'GET', '/api/v1/products')).toBe(1);
    expect(await answered('write-api-1', 'GET', '/api/v1/products')).toBe(0);
    expect(await answered('write-api-2', 'GET', '/api/v1/products')).toBe(0);
  });

  it('routes every other method to the write APIs, spread over both instances', async () => {
    const registrations = 6;
    for (let i = 0; i < registrations; i++) {
      const response = await fetch(`${topology.gatewayUrl}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: `topology-${randomUUID()}@example.test`,
          password: 'passw0rd-topology',
          name: 'Topology Test',
        }),
      });
      expect(response.status).toBe(201);
    }
    const first = await answered('write-api-1', 'POST', '/api/v1/auth/register');
    const second = await answered('write-api-2', 'POST', '/api/v1/auth/register');
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(0);
    expect(first + second).toBe(registrations);
    expect(await answered('read-api', 'POST', '/api/v1/auth/register')).toBe(0);
  });

  it('on SIGTERM stops every process it started, leaving none behind', async () => {
    const started = descendantsOf(topology.scriptPid);
    // Seven Node processes and nginx's master and worker, at the least.
    expect(started.length).toBeGreaterThanOrEqual(9);
    for (const running of topology.processes) expect(started).toContain(running.pid);

    const result = await topology.signal('SIGTERM');

    expect(result.code).toBe(143);
    expect(started.filter(isRunning)).toEqual([]);
  });
});
