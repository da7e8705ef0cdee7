import path from 'node:path';
import { ChildRpc } from '../support/child-rpc';
import { type ProfileSummary } from './cpu-profile';
import { type FloorSpec } from './floor-server';
import { type WriteApiSpec } from './write-api-server';

export type ServerSpec = WriteApiSpec | FloorSpec;

/** Cumulative counters of a server process, read at each edge of a window. */
export type ServerUsage = Readonly<{
  cpuMicros: number;
  pgQueries: number;
  /** When they were read, on the clock of the process's CPU profile. */
  atMicros: number;
}>;

/**
 * What a measured window needs of the server under test: its pid (memory), cumulative usage at
 * each edge, and, for --profile, the V8 profiler (only our forked servers have one).
 */
export type MeasuredServer = Readonly<{
  pid: number | undefined;
  usage(): Promise<ServerUsage>;
  startProfile(): Promise<void>;
  stopProfile(from: ServerUsage, to: ServerUsage): Promise<ProfileSummary>;
}>;

/** What the parent asks a server process to do (server-worker.ts answers). */
export type ServerCommand =
  | { kind: 'start'; spec: ServerSpec }
  | { kind: 'usage' }
  | { kind: 'scryptCost'; N: number }
  | { kind: 'profile'; action: 'start' }
  | { kind: 'profile'; action: 'stop'; fromUs: number; toUs: number }
  | { kind: 'close' };

/**
 * A server under test in a Node process of its own, so its CPU time is its own and the load
 * generator (autocannon, in the parent) cannot slow it through a shared event loop. Both still
 * share the machine's cores, as they would on any one-box benchmark.
 */
export class ServerProcess {
  private constructor(
    readonly name: string,
    private readonly rpc: ChildRpc<ServerCommand>,
  ) {}

  /** Forks the process and starts the server; resolves with it listening. */
  static async start(
    name: string,
    spec: ServerSpec,
  ): Promise<{ process: ServerProcess; url: string }> {
    const rpc = new ChildRpc<ServerCommand>(
      path.join(__dirname, 'server-worker.ts'),
      `${name} server`,
    );
    try {
      const url = (await rpc.call({ kind: 'start', spec })) as string;
      return { process: new ServerProcess(name, rpc), url };
    } catch (error) {
      rpc.kill();
      throw error;
    }
  }

  get pid(): number | undefined {
    return this.rpc.pid;
  }

  usage(): Promise<ServerUsage> {
    return this.rpc.call({ kind: 'usage' }) as Promise<ServerUsage>;
  }

  /** Write API only: the scrypt N of every later registration (bench-only variant). */
  setScryptCost(N: number): Promise<void> {
    return this.rpc.call({ kind: 'scryptCost', N }) as Promise<void>;
  }

  startProfile(): Promise<void> {
    return this.rpc.call({ kind: 'profile', action: 'start' }) as Promise<void>;
  }

  /** Stops the profiler; the summary covers what it sampled between the two usage readings. */
  stopProfile(from: ServerUsage, to: ServerUsage): Promise<ProfileSummary> {
    return this.rpc.call({
      kind: 'profile',
      action: 'stop',
      fromUs: from.atMicros,
      toUs: to.atMicros,
    }) as Promise<ProfileSummary>;
  }

  /** Closes the server gracefully; the process exits once it has answered. */
  close(): Promise<void> {
    return this.rpc.close();
  }

  /** After a failure: stop this process (and only it) at once. */
  kill(): void {
    this.rpc.kill();
  }
}
