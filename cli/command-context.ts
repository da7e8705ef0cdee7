import { AsyncLocalStorage } from 'node:async_hooks';
import { type CliStores } from './stores';

/** Where a command writes, and whether a terminal is behind it (progress draws a bar there). */
export type CommandOutput = Readonly<{ write(text: string): unknown; isTTY: boolean }>;

/**
 * What an operator command runs with. Run locally, that is this process's stdout and stderr,
 * and the command opens the stores itself. Run inside `shopstream start` for a CLI on the
 * control socket, the output goes back to that CLI and the stores are the running process's
 * (PGlite is one connection: a second instance would be refused or corrupt DATA_DIR).
 */
export type CommandContext = Readonly<{
  /** The command line after `shopstream` (what the control socket forwards). */
  args: readonly string[];
  stdout: CommandOutput;
  stderr: CommandOutput;
  /** The running process's open stores; absent when the command opens its own. */
  stores?: CliStores;
  /** Aborted when the CLI that asked goes away (Ctrl-C): long work stops at its next step. */
  signal?: AbortSignal;
  /** A usage error or a forwarded command's outcome (a thrown error is 1, said by the caller). */
  setExitCode(code: number): void;
}>;

const current = new AsyncLocalStorage<CommandContext>();
/** The context of the command this process was started for (see `asProcessCommand`). */
let processContext: CommandContext | undefined;

/**
 * Runs `work` with `context` as what every command inside it sees: for a command a CLI sent
 * over the control socket, which runs beside the process's own work and others of its kind.
 */
export function withCommandContext<T>(context: CommandContext, work: () => Promise<T>): Promise<T> {
  return current.run(context, work);
}

/**
 * Runs the process's own command (its command line) with `context`, outside AsyncLocalStorage:
 * the first `run` turns Node 20's async hooks on for the rest of the process, so every promise
 * of a long-running command (`write-api`, the workers) would pay for propagating a context that
 * is the same everywhere in it.
 */
export function asProcessCommand<T>(context: CommandContext, work: () => Promise<T>): Promise<T> {
  processContext = context;
  return work();
}

export function commandContext(): CommandContext {
  return current.getStore() ?? processContext ?? localContext([]);
}

/** Whether this command runs inside `shopstream start` on behalf of a CLI on its socket. */
export function runsInsideRunningProcess(): boolean {
  return current.getStore()?.stores !== undefined;
}

/** A command run by this process for its own command line. */
export function localContext(args: readonly string[]): CommandContext {
  return {
    args,
    stdout: terminal(process.stdout),
    stderr: terminal(process.stderr),
    setExitCode: (code) => (process.exitCode = code),
  };
}

function terminal(stream: NodeJS.WriteStream): CommandOutput {
  return { write: (text) => stream.write(text), isTTY: stream.isTTY === true };
}
