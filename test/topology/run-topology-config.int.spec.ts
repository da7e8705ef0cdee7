import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../harness';
import { freePort, tcpOpen } from '../harness/runtime/net';
import { isRunning } from './process-tree.testing';
import { runScript, type ScriptResult, topologyEnvironment } from './run-topology.testing';

/**
 * A setting the topology cannot run with stops scripts/run-topology.sh with one line naming it
 * (SPEC.md, "Processes"), whether the script finds it or one of the processes it starts does, and
 * nothing it started keeps running.
 */
jest.setTimeout(300_000);

let database: TestDatabase;
const runDirs: string[] = [];

/** The script's settings on the harness's services, with `extra` over them. */
async function settings(extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const env = await topologyEnvironment(database, extra);
  runDirs.push(env.TOPOLOGY_RUN_DIR);
  return env;
}

beforeAll(async () => {
  database = await createTestDatabase('topology_config');
});

afterAll(async () => {
  await database?.drop();
  await Promise.all(runDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

function expectOneLineNaming(result: ScriptResult, variable: string): void {
  expect(result.code).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^run-topology: /);
  expect(lines[0]).toContain(variable);
}

/** The processes the script had started in runDir, by the pid files it wrote. */
function startedPids(runDir: string): number[] {
  return readdirSync(runDir)
    .filter((file) => file.endsWith('.pid'))
    .map((file) => Number(readFileSync(path.join(runDir, file), 'utf8')));
}

describe('scripts/run-topology.sh with a bad setting', () => {
  it('names a missing service URL and starts nothing', async () => {
    const env = await settings();
    delete env.SMTP_URL;

    const result = await runScript([], env);

    expectOneLineNaming(result, 'SMTP_URL');
    expect(startedPids(env.TOPOLOGY_RUN_DIR)).toEqual([]);
  });

  it('names a base port out of range', async () => {
    const env = await settings({ TOPOLOGY_BASE_PORT: '70000' });

    expectOneLineNaming(await runScript([], env), 'TOPOLOGY_BASE_PORT');
  });

  it('names a gateway rate that is not a number', async () => {
    const env = await settings({ TOPOLOGY_GATEWAY_RATE: 'fast' });

    expectOneLineNaming(await runScript([], env), 'TOPOLOGY_GATEWAY_RATE');
  });

  it('passes on the line in which shopstream names a value it refuses (REDIS_URL that is not redis:)', async () => {
    const env = await settings({ REDIS_URL: 'http://127.0.0.1:6379' });

    const result = await runScript([], env);

    expectOneLineNaming(result, 'REDIS_URL');
    expect(result.stderr).toContain('shopstream migrate failed');
  });

  it('runs a TOPOLOGY_BUILD_DIR given relative to where it is started', async () => {
    const env = await settings({ REDIS_URL: 'http://127.0.0.1:6379' });
    env.TOPOLOGY_BUILD_DIR = path.relative(process.cwd(), env.TOPOLOGY_BUILD_DIR);

    const result = await runScript([], env);

    // The build ran far enough to refuse REDIS_URL itself.
    expectOneLineNaming(result, 'REDIS_URL');
  });

  describe('a port already taken', () => {
    let squatter: Server;
    afterAll(() => new Promise((resolve) => squatter?.close(resolve)));

    it('names the process and its port variable, and stops the processes already started', async () => {
      // write-api-1 listens on TOPOLOGY_BASE_PORT + 1: hold that port, and find a base whose
      // other seven ports are free.
      let base = 0;
      for (;;) {
        const taken = await freePort();
        base = taken - 1;
        const others = [0, 2, 3, 4, 5, 6, 7].map((offset) => tcpOpen('127.0.0.1', base + offset));
        if (base > 1024 && !(await Promise.all(others)).some(Boolean)) {
          // It hangs up on whoever connects (the script's readiness probe), so it closes at once.
          squatter = createServer((socket) => socket.destroy());
          await new Promise<void>((resolve) => squatter.listen(taken, '127.0.0.1', resolve));
          break;
        }
      }
      const env = await settings({ TOPOLOGY_BASE_PORT: String(base) });

      const result = await runScript([], env);

      expectOneLineNaming(result, 'WRITE_API_PORT');
      expect(result.stderr).toContain('write-api-1');
      const started = startedPids(env.TOPOLOGY_RUN_DIR);
      expect(started.length).toBeGreaterThan(0);
      expect(started.filter(isRunning)).toEqual([]);
      expect(existsSync(path.join(env.TOPOLOGY_RUN_DIR, 'topology.pid'))).toBe(false);
    });
  });
});
