import { createServer, type Server } from 'node:net';

/**
 * `free-ports.ts N`: prints N distinct loopback ports that were free a moment ago, one a line.
 * Every server stays open until all N are chosen, so the kernel never hands out one port twice;
 * bash has no portable way to ask for that.
 */
async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
    }
    return servers.map((server) => (server.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

if (require.main === module) {
  void freePorts(Number(process.argv[2])).then((ports) =>
    process.stdout.write(`${ports.join('\n')}\n`),
  );
}
