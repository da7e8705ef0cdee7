import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
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

/** What the parent asks a server process to do (server-worker.ts answers). */
export type ServerCommand =
  | { kind: 'start'; spec: ServerSpec }
  | { kind: 'usage' }
  | { kind: 'scryptCost'; N: number }
  | { kind: 'profile'; action: 'start' }
  | { kind: 'profile'; action: 'stop'; fromUs: number; toUs: number }
  | { kind: 'close' };

export type ServerReply = { id: number } & (
  { ok: true; value: unknown } | { ok: false; error: string }
);

/**
 * A server under test in a Node process of its own, so its CPU time is its own and the load
 * generator (autocannon, in the parent) cannot slow it through a shared event loop. Both still
 * share the machine's cores, as they would on any one-box benchmark.
 */
export class ServerProcess {
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void }
  >();
  private exited = false;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (reply: ServerReply) => {
      const call = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.ok) call?.resolve(reply.value);
      else call?.reject(new Error(`${name}: ${reply.error}`));
    });
    child.once('exit', (code, signal) => {
      this.exited = true;
      const error = new Error(`${name} server process exited (${signal ?? code})`);
      for (const call of this.pending.values()) call.reject(error);
      this.pending.clear();
    });
  }

  /** Forks the process and starts the server; resolves with it listening. */
  static async start(
    name: string,
    spec: ServerSpec,
  ): Promise<{ process: ServerProcess; url: string }> {
    const child = fork(path.join(__dirname, 'server-worker.ts'), [], {
      execArgv: ['--require', 'ts-node/register'],
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const server = new ServerProcess(name, child);
    try {
      const url = (await server.call({ kind: 'start', spec })) as string;
      return { process: server, url };
    } catch (error) {
      server.kill();
      throw error;
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  usage(): Promise<ServerUsage> {
    return this.call({ kind: 'usage' }) as Promise<ServerUsage>;
  }

  /** Write API only: the scrypt N of every later registration (bench-only variant). */
  setScryptCost(N: number): Promise<void> {
    return this.call({ kind: 'scryptCost', N }) as Promise<void>;
  }

  startProfile(): Promise<void> {
    return this.call({ kind: 'profile', action: 'start' }) as Promise<void>;
  }

  /** Stops the profiler; the summary covers what it sampled between the two usage readings. */
  stopProfile(from: ServerUsage, to: ServerUsage): Promise<ProfileSummary> {
    return this.call({
      kind: 'profile',
      action: 'stop',
      fromUs: from.atMicros,
      toUs: to.atMicros,
    }) as Promise<ProfileSummary>;
  }

  /** Closes the server gracefully; the process exits once it has answered. */
  async close(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise((resolve) => this.child.once('exit', resolve));
    await this.call({ kind: 'close' });
    await gone;
  }

  /** After a failure: stop this process (and only it) at once. */
  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  private call(command: ServerCommand): Promise<unknown> {
    if (this.exited) return Promise.reject(new Error(`${this.name} server process is gone`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, command });
    });
  }
}
