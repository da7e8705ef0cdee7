import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { type StatementStat } from '../support/pg-profile';
import { type AppendPhase, type LivePhase, type ReadPhase } from './config';
import { type OpenRequest } from './store-session';
import { type AppendSlice } from './workloads/appends';
import { type LiveSlice } from './workloads/live';
import { type ReadSlice } from './workloads/read';

/** What the parent asks a worker to do, and what comes back (worker.ts answers). */
export type Command =
  | { kind: 'open'; request: OpenRequest }
  | { kind: 'appends'; phase: AppendPhase }
  | { kind: 'prepareRead'; phase: ReadPhase }
  | { kind: 'read'; count: number }
  | { kind: 'live'; phase: LivePhase }
  | { kind: 'profile'; action: 'reset' | 'take' }
  | { kind: 'close' };

export type Reply = { id: number } & ({ ok: true; value: unknown } | { ok: false; error: string });

/**
 * A store under test in a Node process of its own (worker.ts, through ts-node), driven one
 * command at a time. The parent keeps one per store so phases can interleave them.
 */
export class StoreProcess {
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void }
  >();
  private exited = false;

  private constructor(
    readonly request: OpenRequest,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (reply: Reply) => {
      const call = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.ok) call?.resolve(reply.value);
      else call?.reject(new Error(`${request.subject}: ${reply.error}`));
    });
    child.once('exit', (code, signal) => {
      this.exited = true;
      const error = new Error(`${request.subject} worker exited (${signal ?? code})`);
      for (const call of this.pending.values()) call.reject(error);
      this.pending.clear();
    });
  }

  static async start(request: OpenRequest): Promise<StoreProcess> {
    const child = fork(path.join(__dirname, 'worker.ts'), [], {
      execArgv: ['--require', 'ts-node/register'],
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const worker = new StoreProcess(request, child);
    try {
      await worker.call({ kind: 'open', request });
    } catch (error) {
      worker.kill();
      throw error;
    }
    return worker;
  }

  appends(phase: AppendPhase): Promise<AppendSlice> {
    return this.call({ kind: 'appends', phase }) as Promise<AppendSlice>;
  }

  prepareRead(phase: ReadPhase): Promise<void> {
    return this.call({ kind: 'prepareRead', phase }) as Promise<void>;
  }

  read(count: number): Promise<ReadSlice> {
    return this.call({ kind: 'read', count }) as Promise<ReadSlice>;
  }

  live(phase: LivePhase): Promise<LiveSlice | null> {
    return this.call({ kind: 'live', phase }) as Promise<LiveSlice | null>;
  }

  profile(action: 'reset' | 'take'): Promise<StatementStat[] | null> {
    return this.call({ kind: 'profile', action }) as Promise<StatementStat[] | null>;
  }

  /** Closes the store; the worker exits once it has answered. */
  async close(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise((resolve) => this.child.once('exit', resolve));
    await this.call({ kind: 'close' });
    await gone;
  }

  /** After a failure: stop this worker (and only it) at once. */
  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  private call(command: Command): Promise<unknown> {
    if (this.exited) return Promise.reject(new Error(`${this.request.subject} worker is gone`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, command });
    });
  }
}
