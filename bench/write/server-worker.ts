import { type CpuProfiler, monotonicMicros, startCpuProfile } from './cpu-profile';
import { startFloorServer } from './floor-server';
import { serveRpc } from '../support/child-rpc';
import { type ServerCommand } from './server-process';
import { type ServerUnderTest, setScryptCost, startWriteApiServer } from './write-api-server';

/** Child-process entry: one server under test per process, driven by ServerProcess. */
let server: ServerUnderTest | undefined;
let profiler: CpuProfiler | undefined;

async function run(command: ServerCommand): Promise<unknown> {
  if (command.kind === 'start') {
    server =
      command.spec.kind === 'write-api'
        ? await startWriteApiServer(command.spec)
        : await startFloorServer(command.spec);
    return server.url;
  }
  if (!server) throw new Error(`'${command.kind}' before 'start'`);
  switch (command.kind) {
    case 'usage': {
      const { user, system } = process.cpuUsage();
      return {
        cpuMicros: user + system,
        pgQueries: server.pgQueries(),
        atMicros: monotonicMicros(),
      };
    }
    case 'scryptCost':
      return setScryptCost(command.N);
    case 'profile':
      if (command.action === 'start') {
        profiler = await startCpuProfile();
        return undefined;
      }
      if (!profiler) throw new Error('no profile running');
      try {
        return await profiler.stop(command.fromUs, command.toUs);
      } finally {
        profiler = undefined;
      }
    case 'close':
      return server.close();
  }
}

serveRpc(run);
