import path from 'node:path';
import { ChildRpc } from '../support/child-rpc';
import { type WorkerCommand } from './worker';

/** A worker.ts child, driven one command at a time; `call` is typed by the caller. */
export class WorkerProcess {
  private constructor(private readonly rpc: ChildRpc<WorkerCommand>) {}

  static start(label: string): WorkerProcess {
    return new WorkerProcess(new ChildRpc<WorkerCommand>(path.join(__dirname, 'worker.ts'), label));
  }

  get pid(): number | undefined {
    return this.rpc.pid;
  }

  call<T>(command: WorkerCommand): Promise<T> {
    return this.rpc.call(command) as Promise<T>;
  }

  /** Closes what the worker opened; it exits once it has answered. */
  close(): Promise<void> {
    return this.rpc.close();
  }

  /** After a failure: stop this worker (and only it) at once. */
  kill(): void {
    this.rpc.kill();
  }
}
