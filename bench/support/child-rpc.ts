import { type ChildProcess, fork } from 'node:child_process';

/**
 * A subject under test in a Node process of its own (a store, an API server), driven one command
 * at a time over IPC: its CPU time, heap, JIT state and process-wide settings are its own.
 * Commands are plain objects with a `kind`; the last one is `{kind: 'close'}`.
 */
export type RpcCommand = Readonly<{ kind: string }>;
type Reply = { id: number } & ({ ok: true; value: unknown } | { ok: false; error: string });

/** Parent side. */
export class ChildRpc<Command extends RpcCommand> {
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void }
  >();
  private exited = false;
  private readonly child: ChildProcess;

  /** Forks `workerPath` (TypeScript, through ts-node in transpile-only mode). */
  constructor(
    workerPath: string,
    private readonly label: string,
  ) {
    this.child = fork(workerPath, [], {
      execArgv: ['--require', 'ts-node/register'],
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (reply: Reply) => {
      const call = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.ok) call?.resolve(reply.value);
      else call?.reject(new Error(`${label}: ${reply.error}`));
    });
    this.child.once('exit', (code, signal) => {
      this.exited = true;
      const error = new Error(`${label} process exited (${signal ?? code})`);
      for (const call of this.pending.values()) call.reject(error);
      this.pending.clear();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  call(command: Command): Promise<unknown> {
    if (this.exited) return Promise.reject(new Error(`${this.label} process is gone`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, command });
    });
  }

  /** Sends `close`; resolves once the process has answered and exited. */
  async close(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise((resolve) => this.child.once('exit', resolve));
    await this.call({ kind: 'close' } as Command);
    await gone;
  }

  /** After a failure: stop this process (and only it) at once. */
  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}

/**
 * Child side: answers each command with `run`'s result. After `close` it exits once the answer
 * is sent (a library's stray timer must not keep the run waiting), and it exits when the parent
 * is gone, since nobody will ever send `close` then.
 */
export function serveRpc<Command extends RpcCommand>(
  run: (command: Command) => Promise<unknown>,
): void {
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
  process.on('disconnect', () => process.exit(1));
}

function reply(message: Reply, thenExit: boolean): void {
  process.send?.(message, () => {
    if (thenExit) process.exit(0);
  });
}
