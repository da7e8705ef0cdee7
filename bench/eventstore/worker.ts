import { StoreSession } from './store-session';
import { serveRpc } from '../support/child-rpc';
import { type Command } from './store-process';

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

serveRpc(run);
