import { descendantsOf, isRunning } from './process-tree.testing';
import { type RunningTopology, startTopologyScript } from './run-topology.testing';

/**
 * When one process of the topology dies on its own, scripts/run-topology.sh says which and
 * stops the others, as foreman-style runners do, rather than leave a topology that looks up
 * but has lost a part.
 */
jest.setTimeout(300_000);

let topology: RunningTopology;

beforeAll(async () => {
  topology = await startTopologyScript();
});

afterAll(async () => {
  await topology?.close();
});

it('names a process that died and stops the rest', async () => {
  const started = descendantsOf(topology.scriptPid);
  const crashed = topology.processNamed('process-managers-2');

  process.kill(crashed.pid, 'SIGKILL');
  const result = await topology.ended;

  expect(result.code).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^run-topology: process-managers-2 exited \(signal KILL\)/);
  expect(started.filter(isRunning)).toEqual([]);
});
