import { connect } from 'node:net';
import { type AppConfig } from '../../platform/config/config';
import { dataDirOwner } from '../../platform/embedded/data-dir-lock';
import { type CommandContext } from '../command-context';
import { usesEmbeddedDatabase } from '../system';
import {
  type ControlMessage,
  controlSocketPath,
  onMessages,
  send,
  socketPathTooLong,
} from './protocol';

/** A live `shopstream start` holding the embedded database in DATA_DIR. */
export type RunningShopstream = Readonly<{ pid: number; dataDir: string }>;

/**
 * How long a process holding DATA_DIR has to accept a command: its event loop answers at once
 * unless it is stuck, and an operator should hear so rather than wait.
 */
const ACCEPT_TIMEOUT_MS = 10_000;

/** The process holding DATA_DIR, when the configuration is embedded and one does. */
export async function runningShopstream(config: AppConfig): Promise<RunningShopstream | undefined> {
  if (!usesEmbeddedDatabase(config)) return undefined;
  const pid = await dataDirOwner(config.dataDir);
  return pid === undefined ? undefined : { pid, dataDir: config.dataDir };
}

/**
 * Has the running process execute `context.args` and relays its output to `context`; resolves
 * with the command's exit code. Every way this can fail is one line naming the process.
 */
export function runThrough(running: RunningShopstream, context: CommandContext): Promise<number> {
  const socketPath = controlSocketPath(running.dataDir);
  const holds = `process ${running.pid} holds the embedded database in ${running.dataDir}`;
  if (socketPathTooLong(socketPath)) {
    return Promise.reject(
      new Error(
        `DATA_DIR: ${holds}, and its control socket path is too long to use (${socketPath}); ` +
          'stop it to run this command, or give it a shorter DATA_DIR',
      ),
    );
  }
  const notAnswering = new Error(
    `DATA_DIR: ${holds} but does not answer on ${socketPath} ` +
      '(still starting, stuck, or a shopstream without a control socket); retry, or stop it',
  );
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let accepted = false;
    let exitCode: number | undefined;
    const timer = setTimeout(() => socket.destroy(notAnswering), ACCEPT_TIMEOUT_MS);
    socket.on('connect', () =>
      send(socket, {
        args: context.args,
        stdoutIsTTY: context.stdout.isTTY,
        stderrIsTTY: context.stderr.isTTY,
      }),
    );
    onMessages(socket, (raw) => {
      const message = raw as ControlMessage;
      if (message?.kind === 'accepted') {
        accepted = true;
        clearTimeout(timer);
      } else if (message?.kind === 'stdout' || message?.kind === 'stderr') {
        context[message.kind].write(message.text);
      } else if (message?.kind === 'exit') {
        exitCode = message.code;
      }
    });
    // Errors before the process accepted (no socket, refused, timed out) all mean "not answering".
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      if (exitCode !== undefined) resolve(exitCode);
      else if (!accepted) reject(notAnswering);
      else reject(new Error(`process ${running.pid} stopped before the command finished`));
    });
  });
}
