import { createServer, Socket } from 'node:net';

/**
 * Ports for test servers come from a range of the jest worker's own, below the kernel's
 * ephemeral range (32768 and up on Linux). A port the kernel hands out for `listen(0)` is free
 * only at that moment: a test that closes it and starts a server on it seconds later can find
 * it taken by a test in the other worker that did the same. Two workers never share a range, the
 * kernel never hands these out, and within one worker ports are taken in turn, so a port handed
 * out a moment ago is not handed out again at once. The harness itself (no worker id) is range 0.
 */
const FIRST_PORT = 12_000;
const PORTS_PER_WORKER = 2_000;
const WORKER_RANGES = 10; // up to 31999

function workerRange(): { start: number; size: number } {
  const worker = Number(process.env.JEST_WORKER_ID ?? 0) % WORKER_RANGES;
  return { start: FIRST_PORT + worker * PORTS_PER_WORKER, size: PORTS_PER_WORKER };
}

/** Where this worker's next search starts: a random place, so reruns do not always collide. */
let nextOffset = Math.floor(Math.random() * PORTS_PER_WORKER);

/** A TCP port of this worker's range that was free on the loopback interface a moment ago. */
export async function freePort(): Promise<number> {
  return freePortBlock(1);
}

/** The first of `count` consecutive ports of this worker's range, all free a moment ago. */
export async function freePortBlock(count: number): Promise<number> {
  const { start, size } = workerRange();
  for (let tried = 0; tried < size; tried += 1) {
    const offset = (nextOffset + tried) % (size - count + 1);
    const base = start + offset;
    const ports = Array.from({ length: count }, (_, i) => base + i);
    if ((await Promise.all(ports.map(canListen))).every(Boolean)) {
      nextOffset = offset + count;
      return base;
    }
  }
  throw new Error(`no ${count} free consecutive ports in ${start}-${start + size - 1}`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The message a server logs when the port chosen for it was taken in between. */
export const ADDRESS_IN_USE = /address already in use|EADDRINUSE|could not bind/i;

export function tcpOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}
