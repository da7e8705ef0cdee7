import path from 'node:path';
import { ChildRpc } from '../support/child-rpc';
import { type StatementStat } from '../support/pg-profile';
import { type Memory, processMemory } from '../support/process-memory';
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

/**
 * A store under test in a Node process of its own (worker.ts, through ts-node), driven one
 * command at a time. The parent keeps one per store so phases can interleave them.
 */
export class StoreProcess {
  private constructor(
    readonly request: OpenRequest,
    private readonly rpc: ChildRpc<Command>,
  ) {}

  static async start(request: OpenRequest): Promise<StoreProcess> {
    const rpc = new ChildRpc<Command>(
      path.join(__dirname, 'worker.ts'),
      `${request.subject} worker`,
    );
    try {
      await rpc.call({ kind: 'open', request });
    } catch (error) {
      rpc.kill();
      throw error;
    }
    return new StoreProcess(request, rpc);
  }

  appends(phase: AppendPhase): Promise<AppendSlice> {
    return this.rpc.call({ kind: 'appends', phase }) as Promise<AppendSlice>;
  }

  prepareRead(phase: ReadPhase): Promise<void> {
    return this.rpc.call({ kind: 'prepareRead', phase }) as Promise<void>;
  }

  read(count: number): Promise<ReadSlice> {
    return this.rpc.call({ kind: 'read', count }) as Promise<ReadSlice>;
  }

  live(phase: LivePhase): Promise<LiveSlice | null> {
    return this.rpc.call({ kind: 'live', phase }) as Promise<LiveSlice | null>;
  }

  profile(action: 'reset' | 'take'): Promise<StatementStat[] | null> {
    return this.rpc.call({ kind: 'profile', action }) as Promise<StatementStat[] | null>;
  }

  /** The worker's resident memory now, and its peak since it started (the whole run so far). */
  memory(): Memory | null {
    return this.rpc.pid === undefined ? null : processMemory(this.rpc.pid);
  }

  /** Closes the store; the worker exits once it has answered. */
  close(): Promise<void> {
    return this.rpc.close();
  }

  /** After a failure: stop this worker (and only it) at once. */
  kill(): void {
    this.rpc.kill();
  }
}
