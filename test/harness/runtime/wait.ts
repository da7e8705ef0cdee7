import { ADDRESS_IN_USE } from './net';
import { type ServiceProcess } from './processes';

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Fail at once, with its log, if this process exits while we wait. */
  process?: ServiceProcess;
}

/** Polls `check` until it returns true; the last error explains a timeout. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  options: WaitOptions,
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = '';
  for (;;) {
    if (options.process?.hasExited()) {
      const how = await options.process.exited;
      throw new StartupError(
        `${what}: ${options.process.name} stopped (${how}) before it was ready`,
        options.process,
      );
    }
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) {
      const reason = lastError ? ` (last error: ${lastError})` : '';
      throw new StartupError(
        `${what}: not ready after ${options.timeoutMs} ms${reason}`,
        options.process,
      );
    }
    await sleep(options.intervalMs ?? 100);
  }
}

/** A server that failed to start; the message ends with the tail of its log. */
export class StartupError extends Error {
  readonly log: string;
  constructor(message: string, process?: ServiceProcess) {
    const log = process ? process.logTail() : '';
    super(process ? `${message}\n--- ${process.logFile} (tail) ---\n${log}` : message);
    this.name = 'StartupError';
    this.log = log;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Retries a start that failed only because another process grabbed the port we picked. */
export async function retryOnPortClash<T>(start: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      const clash = error instanceof StartupError && ADDRESS_IN_USE.test(error.log);
      if (!clash || attempt >= attempts) throw error;
    }
  }
}
