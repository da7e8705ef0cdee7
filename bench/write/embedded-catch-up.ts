/**
 * How long `shopstream start` takes to answer, and to catch up, on a DATA_DIR whose history was
 * written straight into the database (as after a restore, or a long stop): the history goes in
 * through the deciders (test/cli/shop-workload.testing.ts), then `start` runs its projections,
 * relay and process managers over all of it. Prints one JSON line.
 *
 *   TS_NODE_TRANSPILE_ONLY=true node --require ts-node/register bench/write/embedded-catch-up.ts \
 *     [orders, default 3,000: about 22,000 events] [seconds to wait at most, default 900]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeHistory } from '../../test/cli/running-start.testing';
import { send } from '../../test/e2e/write-api.testing';
import { freePort } from '../../test/harness/runtime/net';
import { spawnShopstream, waitUntilAnswering } from '../../test/system/shopstream-process.testing';
import { processMemory } from '../support/process-memory';

type Lagging = { name: string; lag: number | null };

async function main(orders: number, maxSeconds: number): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'shopstream-catch-up-'));
  const admin = { email: 'admin@example.test', password: 'admin-passw0rd' };
  try {
    const writing = performance.now();
    await writeHistory(dataDir, { users: Math.ceil(orders / 8), products: 40, orders });
    const writeSeconds = (performance.now() - writing) / 1000;
    const read = `http://127.0.0.1:${await freePort()}`;
    const write = `http://127.0.0.1:${await freePort()}`;
    const started = performance.now();
    const shop = await spawnShopstream(['start'], {
      DATA_DIR: dataDir,
      READ_API_PORT: new URL(read).port,
      WRITE_API_PORT: new URL(write).port,
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      LOG_LEVEL: 'warn',
    });
    const seconds = () => Math.round(performance.now() - started) / 1000;
    try {
      await waitUntilAnswering(shop, `${read}/health/ready`, 600_000);
      await waitUntilAnswering(shop, `${write}/health/ready`, 600_000);
      const ready = seconds();
      console.error(`[catch-up] both APIs ready after ${ready} s; waiting for the workers`);
      const login = await send(write, 'POST', '/auth/login', { body: admin });
      const token = (login.body as { accessToken: string }).accessToken;
      // When each kind of worker first had nothing left to do, in seconds from the spawn.
      const caughtUp: Record<string, number | null> = {
        projections: null,
        relay: null,
        processManagers: null,
      };
      let largestLag = 0;
      let lags: Record<string, number> = {};
      let slowestAnswerMs = 0;
      while (Object.values(caughtUp).includes(null) && seconds() < maxSeconds) {
        const asked = performance.now();
        const [projections, pipeline] = await Promise.all([
          send(read, 'GET', '/projections', { token }),
          send(read, 'GET', '/process-managers', { token }),
        ]);
        slowestAnswerMs = Math.max(slowestAnswerMs, performance.now() - asked);
        const body = pipeline.body as { processManagers: Lagging[]; relay: { lagEvents: number } };
        const groups = {
          projections: projections.body as Lagging[],
          relay: [{ name: 'relay', lag: body.relay.lagEvents }],
          processManagers: body.processManagers,
        };
        lags = Object.fromEntries(
          Object.values(groups)
            .flat()
            .map((w) => [w.name, w.lag ?? 0]),
        );
        largestLag = Math.max(largestLag, ...Object.values(lags));
        for (const [kind, workers] of Object.entries(groups)) {
          if (caughtUp[kind] === null && workers.every((w) => w.lag === 0))
            caughtUp[kind] = seconds();
        }
        console.error(`[catch-up] ${seconds()} s: ${JSON.stringify(lags)}`);
        await new Promise((resolve) => setTimeout(resolve, 15_000));
      }
      console.log(
        JSON.stringify({
          orders,
          historyWrittenSeconds: Math.round(writeSeconds),
          largestLag,
          readySeconds: ready,
          caughtUpSeconds: caughtUp,
          lagsAtEnd: lags,
          endedAtSeconds: seconds(),
          slowestOperationsAnswerMs: Math.round(slowestAnswerMs),
          peakRssMiB: processMemory(shop.pid)?.peakMiB,
          memoryMiB: await memoryParts(read),
        }),
      );
    } finally {
      await shop.stop('SIGTERM');
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Where the resident memory sits, from the process's own /metrics (prom-client's defaults, labelled by service). */
async function memoryParts(base: string): Promise<Record<string, number | string>> {
  const response = await fetch(`${base}/metrics`);
  const text = await response.text();
  const parts: Record<string, number | string> = {};
  if (response.status !== 200) parts.status = `${response.status} ${text.slice(0, 200)}`;
  for (const name of [
    'process_resident_memory_bytes',
    'nodejs_heap_size_total_bytes',
    'nodejs_heap_size_used_bytes',
    'nodejs_external_memory_bytes',
  ]) {
    const value = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(text)?.[1];
    if (value !== undefined) parts[name] = Math.round(Number(value) / 2 ** 20);
  }
  return parts;
}

void main(Number(process.argv[2] ?? 3_000), Number(process.argv[3] ?? 900));
