import { type Socket } from 'node:net';
import path from 'node:path';

/**
 * The control channel between the CLI and a running `shopstream start`: a Unix socket in
 * DATA_DIR carrying one JSON message per line. The CLI sends one request (the command line and
 * whether its stdout and stderr are terminals); the process answers `accepted`, then the
 * command's output chunk by chunk, then its exit code. The CLI writes the chunks to its own
 * stdout and stderr, so what the operator sees is byte for byte what a local run prints.
 */
export type ControlRequest = Readonly<{
  args: readonly string[];
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}>;

export type ControlMessage =
  | Readonly<{ kind: 'accepted'; pid: number }>
  | Readonly<{ kind: 'stdout' | 'stderr'; text: string }>
  | Readonly<{ kind: 'exit'; code: number }>;

export function controlSocketPath(dataDir: string): string {
  return path.join(dataDir, 'control.sock');
}

/**
 * A Unix socket path holds at most 107 bytes on Linux (108 with its NUL; macOS allows 103).
 * Longer, and bind() fails or, worse, silently truncates: DATA_DIR must be shorter.
 */
export const SOCKET_PATH_LIMIT = 103;

export function socketPathTooLong(socketPath: string): boolean {
  return Buffer.byteLength(socketPath) > SOCKET_PATH_LIMIT;
}

export function send(socket: Socket, message: ControlRequest | ControlMessage): void {
  if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
}

/** Calls `onMessage` with each complete line the socket delivers, parsed. */
export function onMessages(socket: Socket, onMessage: (message: unknown) => void): void {
  let pending = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    pending += chunk;
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      onMessage(parse(line));
    }
  });
}

function parse(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}
