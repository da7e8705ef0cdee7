/**
 * How long `shopstream start` takes to answer, and to catch up, on a DATA_DIR whose history was
 * written straight into the database (as after a restore, or a long stop): the history goes in
 * through the deciders (test/cli/shop-workload.testing.ts), then `start` runs its projections,
 * relay and process managers over all of it. Prints one JSON line.
 *
 *   TS_NODE_TRANSPILE_ONLY=true node --require ts-node/register bench/write/embedded-catch-up.ts [orders]
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

async function main(orders: number): Promise<void> {
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
      const login = await send(write, 'POST', '/auth/login', { body: admin });
      const token = (login.body as { accessToken: string }).accessToken;
      let events = 0;
      let slowestAnswerMs = 0;
      for (;;) {
        const asked = performance.now();
        const [projections, pipeline] = await Promise.all([
          send(read, 'GET', '/projections', { token }),
          send(read, 'GET', '/process-managers', { token }),
        ]);
        slowestAnswerMs = Math.max(slowestAnswerMs, performance.now() - asked);
        const lagging = [
          ...(projections.body as Lagging[]),
          ...((pipeline.body as { processManagers: Lagging[] }).processManagers ?? []),
          {
            name: 'relay',
            lag: (pipeline.body as { relay?: { lagEvents?: number } }).relay?.lagEvents ?? 0,
          },
        ];
        events = Math.max(events, ...lagging.map((p) => p.lag ?? 0));
        if (lagging.every((p) => p.lag === 0)) break;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      const caughtUp = seconds();
      console.log(
        JSON.stringify({
          orders,
          historyWrittenSeconds: Math.round(writeSeconds),
          largestLagSeen: events,
          readySeconds: ready,
          caughtUpSeconds: caughtUp,
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

/** Where the resident memory sits, from the process's own /metrics (prom-client's defaults). */
async function memoryParts(base: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const parts: Record<string, number> = {};
  for (const name of [
    'process_resident_memory_bytes',
    'nodejs_heap_size_total_bytes',
    'nodejs_heap_size_used_bytes',
    'nodejs_external_memory_bytes',
  ]) {
    const value = new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1];
    if (value !== undefined) parts[name] = Math.round(Number(value) / 2 ** 20);
  }
  return parts;
}

void main(Number(process.argv[2] ?? 1_500));
