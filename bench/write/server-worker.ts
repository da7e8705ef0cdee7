import { type CpuProfiler, monotonicMicros, startCpuProfile } from './cpu-profile';
import { startFloorServer } from './floor-server';
import { type ServerCommand, type ServerReply } from './server-process';
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

process.on('message', ({ id, command }: { id: number; command: ServerCommand }) => {
  run(command).then(
    (value) => reply({ id, ok: true, value }, command.kind === 'close'),
    (error: unknown) =>
      reply(
        {
          id,
          ok: false,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        },
        false,
      ),
  );
});

// The parent is gone (crashed or killed): nobody will ever send 'close'.
process.on('disconnect', () => process.exit(1));

function reply(message: ServerReply, thenExit: boolean): void {
  // After 'close', exit once sent: a library's stray timer must not keep the run waiting.
  process.send?.(message, () => {
    if (thenExit) process.exit(0);
  });
}
