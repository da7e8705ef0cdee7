import os from 'node:os';
import { version as fastifyVersion } from 'fastify/package.json';
import { noisyNote } from '../support/measure';
import { type WriteBenchResults } from './results';
import { type Shop } from './seed';
import { CHEAP_SCRYPT_N, WORKLOADS } from './workloads';

/** What a reader needs to judge the tables: what ran where, and what each row did. */
export function writeBenchNotes(results: WriteBenchResults, shop: Shop): string[] {
  const { config, windows, scrypt, floorEvent } = results;
  const [production, cheap] = scrypt;
  const notes = [
    `Client and server share this machine's ${os.cpus().length} cores: autocannon runs in the ` +
      'benchmark process, the write API and the floor each in a child process of their own, ' +
      'PostgreSQL and Redis beside them. Every rate here has the load generator competing for ' +
      'the same cores; the second table shows how many each side took.',
    `Write API as \`shopstream write-api\` builds it: createWriteApi on the PostgreSQL event ` +
      `store (pool of ${config.poolSize}) with Redis coordination; JSON logs at info (a line per ` +
      'request) written to /dev/null asynchronously, as production writes stdout.',
    `${WORKLOADS.register}: POST /api/v1/auth/register, a new email every request, a valid ` +
      `password, hashed with production scrypt (N=2^${Math.log2(production.N)}, r=8, p=1) on ` +
      "libuv's pool. pg: read + append of the email-claim stream, read + append of the user stream.",
    `${WORKLOADS.placeOrder}: POST /api/v1/orders as one of ${shop.customers.length} seeded ` +
      `customers (own token and address), 1 to ${config.maxLines} distinct products of ` +
      `${shop.productIds.length}, 1 to 3 of each. pg: the user stream and every product ` +
      "stream in one read (readStreams), and the new order stream's append with no-stream (its id is fresh, so it is not read).",
    "pg queries/req counts every query through the server's pool, the coalesced NOTIFY after " +
      'appends included. Redis is used only by requests with an Idempotency-Key (claim before, ' +
      'response stored after); without one, neither route touches it.',
    `${WORKLOADS.floor}: Fastify ${fastifyVersion} (the version under Nest), no logger or hooks; ` +
      'its one route parses the body and INSERTs it as one row of a copy of our events table ' +
      `(own database, pool of ${config.poolSize}, prepared statement). The body is a copy of a ` +
      `real ${floorEvent.type}: ${floorEvent.dataBytes} B data + ${floorEvent.metadataBytes} B metadata.`,
    'share = our req/s / floor req/s at the same connection count. Latency: autocannon per ' +
      'request, every response, nearest-rank p50/p99.',
  ];
  if (cheap) {
    notes.push(
      `${WORKLOADS.registerCheapHash}: the same API process, last window only, with ` +
        `hashPassword's default N lowered to 2^${Math.log2(CHEAP_SCRYPT_N)} (never in production, ` +
        `every other row uses 2^${Math.log2(production.N)}). It still hashes: ` +
        `${cheap.msPerHash.toFixed(1)} ms per registration instead of ${production.msPerHash.toFixed(1)}.`,
    );
  }
  if (windows.some((w) => w.workload === WORKLOADS.placeOrderEmbedded)) {
    notes.push(
      `${WORKLOADS.placeOrderEmbedded} (--embedded): \`shopstream start\` on a fresh DATA_DIR, ` +
        'started and seeded like the Postgres-mode API after its windows: one process holding ' +
        'PGlite, both APIs, projections, relay and process managers, so each order also runs ' +
        'its saga there. Its CPU is read from /proc (10 ms ticks); no pg query count.',
    );
  }
  const noisy = noisyNote(
    windows.flatMap((w) =>
      w.cpu ? [{ cores: w.cpu.otherCores, where: `${w.workload} @${w.connections}` }] : [],
    ),
  );
  if (noisy) notes.push(noisy);
  if (windows.some((w) => w.profile)) {
    notes.push(
      '--profile: the API process ran the V8 sampling profiler (1 ms) during its windows at ' +
        `${config.connections[config.connections.length - 1]} connections; their rates are a ` +
        'little lower than without it.',
    );
  }
  return notes;
}
