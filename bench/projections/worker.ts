import { serveRpc } from '../support/child-rpc';
import { type GenerateRequest, generateStore } from './generate';
import { LiveProbe } from './live-probe';
import { type ReadApiSpec, startReadApiServer } from './read-api-server';
import { type ReadFloorSpec, startReadFloorServer } from './read-floor-server';
import { RebuildSession, type RebuildSessionRequest } from './rebuild-session';

/**
 * Child-process entry (ChildRpc): one role per process. `generate` fills the store and exits
 * with its heap; `open` measures reads and rebuilds (RebuildSession); `serve` runs the read API
 * (`serveFloor` its floor) while the parent loads it with autocannon; `probeStart`/`probeStop` time live appends to a
 * subscriber (LiveProbe). Each has its own CPU time, heap and JIT state.
 */
export type WorkerCommand =
  | { kind: 'generate'; request: GenerateRequest }
  | { kind: 'open'; request: RebuildSessionRequest }
  | { kind: 'read' }
  | { kind: 'readAndUpcast' }
  | { kind: 'rebuild'; projections: readonly string[]; profile: boolean }
  | { kind: 'tableRows' }
  | { kind: 'storeSize' }
  | { kind: 'searchMatches'; word: string }
  | { kind: 'orderCounts'; userIds: readonly string[] }
  | { kind: 'serve'; spec: ReadApiSpec }
  | { kind: 'serveFloor'; spec: ReadFloorSpec }
  | { kind: 'probeStart'; databaseUrl: string; intervalMs: number }
  | { kind: 'probeStop' }
  | { kind: 'usage' }
  | { kind: 'close' };

let session: RebuildSession | undefined;
let closeServer: (() => Promise<void>) | undefined;
let probe: LiveProbe | undefined;

async function run(command: WorkerCommand): Promise<unknown> {
  switch (command.kind) {
    case 'generate':
      return generateStore(command.request);
    case 'open':
      session = await RebuildSession.open(command.request);
      return undefined;
    case 'serve': {
      const { url, app } = await startReadApiServer(command.spec);
      closeServer = () => app.close();
      return url;
    }
    case 'serveFloor': {
      const floor = await startReadFloorServer(command.spec);
      closeServer = () => floor.close();
      return floor.url;
    }
    case 'probeStart':
      probe = await LiveProbe.start(command.databaseUrl, command.intervalMs);
      return undefined;
    case 'probeStop': {
      if (!probe) throw new Error("'probeStop' before 'probeStart'");
      const latency = await probe.stop();
      probe = undefined;
      return latency;
    }
    case 'usage': {
      const { user, system } = process.cpuUsage();
      return user + system;
    }
    case 'close':
      await probe?.stop();
      await closeServer?.();
      await session?.close();
      return undefined;
  }
  if (!session) throw new Error(`'${command.kind}' before 'open'`);
  switch (command.kind) {
    case 'read':
      return session.read();
    case 'readAndUpcast':
      return session.readAndUpcast();
    case 'rebuild':
      return session.rebuild(command.projections, command.profile);
    case 'tableRows':
      return session.tableRows();
    case 'storeSize':
      return session.storeSize();
    case 'searchMatches':
      return session.searchMatches(command.word);
    case 'orderCounts':
      return session.orderCounts(command.userIds);
  }
}

serveRpc(run);
