import { rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { type Logger } from 'pino';
import { type CommandContext } from '../command-context';
import { type CliStores } from '../stores';
import {
  type ControlRequest,
  controlSocketPath,
  onMessages,
  send,
  socketPathTooLong,
} from './protocol';

export type ControlServer = Readonly<{
  /** Stops taking commands, cancels those running (as a Ctrl-C would) and waits for them. */
  close(): Promise<void>;
}>;

/**
 * The running `shopstream start`'s side of the control socket (protocol.ts): each connection
 * runs one operator command, exactly as the CLI's own `main` would, with this process's open
 * stores and the connection as its stdout and stderr. The socket is the owner's alone (0600),
 * and one left by a killed process is replaced: we hold DATA_DIR, so no live process owns it.
 */
export async function listenForCommands(stores: CliStores, logger: Logger): Promise<ControlServer> {
  const socketPath = controlSocketPath(stores.config.dataDir);
  if (socketPathTooLong(socketPath)) {
    logger.warn(
      `no control socket: ${socketPath} is too long for a Unix socket; while this process ` +
        'runs, the CLI cannot reach DATA_DIR (a shorter DATA_DIR fixes it)',
    );
    return { close: async () => undefined };
  }
  await rm(socketPath, { force: true });
  const running = new Map<Socket, { cancel: AbortController; done: Promise<void> }>();
  const server = createServer((socket) => {
    const cancel = new AbortController();
    const done = serveOne(socket, { stores, logger, signal: cancel.signal }).finally(() =>
      running.delete(socket),
    );
    running.set(socket, { cancel, done });
  });
  await listenPrivately(server, socketPath);
  return {
    async close() {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const command of running.values()) command.cancel.abort();
      await Promise.all([...running.values()].map((command) => command.done));
      await closed;
      await rm(socketPath, { force: true });
    },
  };
}

type Serving = Readonly<{ stores: CliStores; logger: Logger; signal: AbortSignal }>;

/** One connection: read the request, run it, stream its output, end with its exit code. */
function serveOne(socket: Socket, serving: Serving): Promise<void> {
  const gone = new AbortController();
  const cancel = () => gone.abort();
  serving.signal.addEventListener('abort', cancel);
  socket.on('close', cancel); // the CLI went away (Ctrl-C): its command stops at its next step
  socket.on('error', () => undefined); // 'close' follows
  return new Promise<void>((resolve) => {
    let started = false;
    onMessages(socket, (raw) => {
      if (started) return;
      started = true;
      const request = asRequest(raw);
      const running = request
        ? execute(socket, request, { ...serving, signal: gone.signal })
        : Promise.resolve(socket.destroy());
      void running.finally(() => {
        serving.signal.removeEventListener('abort', cancel);
        resolve();
      });
    });
    socket.on('close', () => {
      if (!started) resolve();
    });
  });
}

async function execute(socket: Socket, request: ControlRequest, serving: Serving): Promise<void> {
  // Loaded on use: main.ts builds the command tree, which holds `start`, which holds us.
  const { failureLine, main } = await import('../main');
  send(socket, { kind: 'accepted', pid: process.pid });
  let code = 0;
  const context: CommandContext = {
    args: request.args,
    stdout: { write: (text) => send(socket, { kind: 'stdout', text }), isTTY: request.stdoutIsTTY },
    stderr: { write: (text) => send(socket, { kind: 'stderr', text }), isTTY: request.stderrIsTTY },
    stores: serving.stores,
    signal: serving.signal,
    setExitCode: (exitCode) => (code = exitCode),
  };
  try {
    await main(['node', 'shopstream', ...request.args], context);
  } catch (error) {
    context.stderr.write(`${failureLine(error)}\n`);
    code = 1;
  }
  // The command's words only: options may carry a password.
  const command = request.args.filter((arg) => !arg.startsWith('-')).slice(0, 2);
  serving.logger.info({ command: command.join(' '), code }, 'ran a CLI command');
  send(socket, { kind: 'exit', code });
  socket.end();
}

function asRequest(raw: unknown): ControlRequest | undefined {
  const request = raw as Partial<ControlRequest> | undefined;
  const valid =
    Array.isArray(request?.args) &&
    request.args.every((arg) => typeof arg === 'string') &&
    typeof request.stdoutIsTTY === 'boolean' &&
    typeof request.stderrIsTTY === 'boolean';
  return valid ? (request as ControlRequest) : undefined;
}

/**
 * Created with mode 0600: bind() makes the socket file under the umask, and does so before
 * listen() returns, so the umask is narrowed only for that synchronous call.
 */
async function listenPrivately(server: Server, socketPath: string): Promise<void> {
  const umask = process.umask(0o177);
  let listening: Promise<void>;
  try {
    listening = new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } finally {
    process.umask(umask);
  }
  await listening;
}
