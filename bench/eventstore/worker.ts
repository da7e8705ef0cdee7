import { StoreSession } from './store-session';
import { type Command, type Reply } from './store-process';

/**
 * Child-process entry: one store under test per process, driven by StoreProcess in the parent.
 * A process of its own means no store inherits another's JIT state, heap or pg type parsers.
 */
let session: StoreSession | undefined;

async function run(command: Command): Promise<unknown> {
  if (command.kind === 'open') {
    session = await StoreSession.open(command.request);
    return undefined;
  }
  if (!session) throw new Error(`'${command.kind}' before 'open'`);
  switch (command.kind) {
    case 'appends':
      return session.appends(command.phase);
    case 'prepareRead':
      return session.prepareRead(command.phase);
    case 'read':
      return session.read(command.count);
    case 'live':
      return session.live(command.phase);
    case 'profile':
      return session.profile(command.action);
    case 'close':
      return session.close();
  }
}

process.on('message', ({ id, command }: { id: number; command: Command }) => {
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

function reply(message: Reply, thenExit: boolean): void {
  // After 'close', exit once sent: a library's stray timer must not keep the run waiting.
  process.send?.(message, () => {
    if (thenExit) process.exit(0);
  });
}
