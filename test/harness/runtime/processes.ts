import { execFile, execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { disownProcessGroup, ownProcessGroup, signalGroup } from './cleanup';

export interface ServiceProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves with the exit code (or signal) once the process is gone. */
  readonly exited: Promise<string>;
  hasExited(): boolean;
  logTail(lines?: number): string;
  /** Signals the whole process group and waits up to `graceMs` before SIGKILL. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Drop root privileges (e.g. Postgres refuses to run as root). */
  user?: { uid: number; gid: number };
  /** Signal sent to the group if the harness dies unexpectedly. */
  emergencySignal?: NodeJS.Signals;
}

/** Starts a long-running server detached in its own process group, output to its log file. */
export function spawnService(options: SpawnOptions): ServiceProcess {
  const out = openSync(options.logFile, 'a');
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', out, out],
    uid: options.user?.uid,
    gid: options.user?.gid,
  });
  closeSync(out);
  let gone = false;
  // Listening before anything can throw: an unhandled 'error' (say ENOENT) would crash jest.
  const exited = new Promise<string>((resolve) => {
    child.once('error', (error) => {
      gone = true;
      resolve(`spawn error: ${error.message}`);
    });
    child.once('exit', (code, signal) => {
      gone = true;
      if (child.pid !== undefined) disownProcessGroup(child.pid);
      resolve(signal ? `signal ${signal}` : `exit code ${code}`);
    });
  });
  if (child.pid === undefined) {
    throw new Error(`${options.name}: could not start ${options.command}`);
  }
  const pid = child.pid;
  ownProcessGroup(pid, options.emergencySignal ?? 'SIGKILL');
  child.unref();

  return {
    name: options.name,
    pid,
    logFile: options.logFile,
    exited,
    hasExited: () => gone,
    logTail: (lines = 30) => readTail(options.logFile, lines),
    async stop(signal = 'SIGKILL', graceMs = 5000) {
      if (gone) return;
      // Unreferenced so it never holds jest open; while we wait for it, it must.
      child.ref();
      signalGroup(pid, signal);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(resolve, graceMs, 'timeout');
      });
      const outcome = await Promise.race([exited, timeout]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        signalGroup(pid, 'SIGKILL');
        await exited;
      }
    },
  };
}

export function readTail(file: string, lines: number): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** Runs a short command to completion; the error carries its output. */
export function execute(
  command: string,
  args: string[],
  options: { user?: { uid: number; gid: number }; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        uid: options.user?.uid,
        gid: options.user?.gid,
        env: options.env ?? process.env,
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(
              `${describe(command, args)} failed (${error.killed ? 'timed out' : `exit code ${error.code}`}):\n${stdout}${stderr}`,
            ),
          );
        } else {
          resolve(stdout);
        }
      },
    );
  });
}

/** The command line for an error message, with long arguments (a classpath) shortened. */
function describe(command: string, args: string[]): string {
  const short = args.map((arg) => (arg.length > 120 ? `${arg.slice(0, 60)}…` : arg));
  return [command, ...short].join(' ');
}

/** Where `command` is on PATH (as the shell's `command -v` finds it), or undefined. */
export function commandPath(command: string): string | undefined {
  try {
    const path = execFileSync('sh', ['-c', 'command -v "$1"', 'sh', command], {
      encoding: 'utf8',
    }).trim();
    return path || undefined;
  } catch {
    return undefined;
  }
}
