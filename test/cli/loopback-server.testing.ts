import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

export type Reply = Readonly<{ status: number; headers?: Record<string, string>; body?: unknown }>;

/** A loopback HTTP server answering `replies` in turn, keeping each request it saw. */
export async function serverAnswering(replies: Reply[]): Promise<{
  url: string;
  seen: IncomingMessage[];
  close(): Promise<void>;
}> {
  const seen: IncomingMessage[] = [];
  const server: Server = createServer((request, response) => {
    seen.push(request);
    const reply = replies.shift() ?? { status: 500 };
    response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    response.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
