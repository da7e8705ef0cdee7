import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import { allProjections } from '../../projections';
import {
  eventually,
  expectStatus,
  logIn,
  newCustomer,
  newProduct,
  orderReaches,
  placeOrder,
} from '../saga/shop-client.testing';
import { sleep } from '../harness/runtime/wait';
import { type CliResult } from './run-cli.testing';
import {
  readAnswers,
  type RunningStart,
  runCliOnTerminal,
  runningStartOnHistory,
} from './running-start.testing';

/**
 * The operator commands while `shopstream start` holds DATA_DIR: before, each refused with one
 * line (the embedded database is one process's); now each runs inside that process, through
 * DATA_DIR/control.sock, and prints what it prints when run on its own.
 */
/** Between one placer's orders during the rebuild: two placers stay under the process's pace. */
const ORDER_PAUSE_MS = 250;

describe('the CLI through a running shopstream start', () => {
  let shop: RunningStart;
  /** Every through-the-process result, compared with an offline run at the end. */
  const through = new Map<string, CliResult>();
  const run = async (args: string[]) => {
    const result = await shop.cli(args);
    through.set(args.join(' '), result);
    return result;
  };

  beforeAll(async () => {
    shop = await runningStartOnHistory({ users: 12, products: 8, orders: 40 });
    // Ready answers while the workers still catch up with the history (requests go first), and
    // a rebuild run meanwhile would print a catching-up line an offline run never prints: wait
    // until the managers are done and the projections have seen every event, twice running.
    let lastPosition: string | undefined;
    await eventually(
      'the workers to catch up with the history',
      async () => {
        const json = async (args: string[]) => JSON.parse((await shop.cli(args)).stdout);
        const { projections } = (await json(['projections', 'list', '--json'])) as {
          projections: { lag: number; position: string | null }[];
        };
        const { processManagers } = (await json(['process-managers', 'list', '--json'])) as {
          processManagers: { lag: number | null; scheduled: { due: number } }[];
        };
        const position = projections[0]?.position ?? undefined;
        const settled =
          projections.every((p) => p.lag === 0 && p.position === position) &&
          processManagers.every((m) => m.lag === 0 && m.scheduled.due === 0) &&
          position === lastPosition;
        lastPosition = position;
        return settled;
      },
      120_000,
    );
  }, 300_000);
  afterAll(() => shop?.close());

  it('lists the projections and the process managers, with the start process holding DATA_DIR', async () => {
    const projections = await run(['projections', 'list']);
    expect(projections).toMatchObject({ code: 0, stderr: '' });
    const lines = projections.stdout.split('\n');
    expect(lines[0].split(/ {2,}/)).toEqual([
      'NAME',
      'VERSION',
      'STATUS',
      'POSITION',
      'LAG',
      'PARKED',
      'LAST ERROR',
    ]);
    expect(projections.stdout).toMatch(/^head of the event store: \d+-\d+$/m);
    expect(projections.stdout).toContain('No parked events.');

    const managers = await run(['process-managers', 'list']);
    expect(managers).toMatchObject({ code: 0, stderr: '' });
    expect(managers.stdout.split('\n')[0].split(/ {2,}/)).toEqual([
      'MANAGER',
      'LAG',
      'LAG REPORTED',
      'DUE',
      'WAITING',
      'RETRYING',
      'PARKED',
      'LAST ERROR',
    ]);
    for (const name of ['order-reservation', 'reservation-expiry', 'notification-dispatch']) {
      expect(managers.stdout).toMatch(new RegExp(`^${name} `, 'm'));
    }
    // The start process holds DATA_DIR all along: the answers came from it.
    expect(shop.process().hasExited()).toBe(false);
    const socket = statSync(path.join(shop.dataDir, 'control.sock'));
    expect({ socket: socket.isSocket(), mode: (socket.mode & 0o777).toString(8) }).toEqual({
      socket: true,
      mode: '600',
    });
  });

  it('rebuilds every projection while orders are placed, the APIs answering throughout', async () => {
    const admin = await logIn(shop.apis, shop.admin.email, shop.admin.password);
    const customer = await newCustomer(shop.apis, 'during-rebuild');
    const productId = await newProduct(shop.apis, admin, { stock: 1_000, name: 'Rebuild mug' });

    // One connection to PGlite serves the rebuild, the live projections and both APIs; a
    // transaction of one waiting on another would hang them all. Orders are placed, and the
    // catalog read, from before the rebuild starts until after it ends: every request must be
    // answered, and the rebuild must finish. (Its transactions hold PGlite in turn, so the APIs
    // answer between them: up to about a second late here.) Orders come at a pace the process
    // keeps up with, a few a second: requests go first, so a saturating burst would grow the
    // workers' backlog for as long as it lasts, and the rebuild's catch-up would chase a head
    // that outruns it. That is overload, which this test is not about.
    let rebuildDone = false;
    const rebuilding = run(['projections', 'rebuild', 'all']).finally(() => (rebuildDone = true));
    const placed: string[] = [];
    const placeOrders = async () => {
      do {
        placed.push(await placeOrder(shop.apis, customer, [{ productId, quantity: 1 }]));
        expectStatus(await shop.apis.read('GET', '/products', {}), 200);
        await sleep(ORDER_PAUSE_MS);
      } while (!rebuildDone);
    };
    await Promise.all(Array.from({ length: 2 }, placeOrders));
    const rebuild = await rebuilding;
    expect(rebuild.code).toBe(0);
    const names = allProjections.map((p) => p.name);
    expect(rebuild.stderr).toContain(`rebuilding ${names.join(', ')} from the first event`);
    expect(rebuild.stdout.trim().split('\n').at(-1)).toMatch(
      /^rebuilt 6 projections: [\d,]+ events read in .+, [\d,]+ events\/s$/,
    );
    for (const orderId of placed) {
      await orderReaches(shop.apis, customer.token, orderId, ['confirmed']);
    }

    // Settled, the read answers are the same before and after a rebuild.
    const before = await readAnswers(shop, admin);
    expect((await run(['projections', 'rebuild', 'all'])).code).toBe(0);
    expect(await readAnswers(shop, admin)).toEqual(before);
  });

  it('backfills analytics, parks nothing it must not, and creates an admin who can log in', async () => {
    const backfill = await run(['analytics', 'backfill']);
    expect(backfill.code).toBe(0);
    expect(backfill.stderr).toContain('backfilling analytics from the first event');
    expect(backfill.stdout).toMatch(
      /^backfilled analytics from .*: [\d,]+ hourly buckets? written/m,
    );

    const eventId = randomUUID();
    const park = await run(['projections', 'park', 'orders', eventId]);
    expect(park.code).toBe(1);
    expect(park.stderr.trim().split('\n')).toHaveLength(1);
    expect(park.stderr).toMatch(/^shopstream: .*orders/);

    const email = `ops-${randomUUID()}@example.test`;
    const created = await run([
      'users',
      'create-admin',
      '--email',
      email,
      '--password',
      'passw0rd-ops',
    ]);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toMatch(
      new RegExp(`^created admin ${email} \\(user [0-9a-f-]{36}\\)\\n$`),
    );
    const token = await logIn(shop.apis, email, 'passw0rd-ops');
    expectStatus(await shop.apis.read('GET', '/analytics/summary', { token }), 200);
  });

  it('draws the progress bar in place when the CLI runs on a terminal', async () => {
    const rebuild = await runCliOnTerminal(['projections', 'rebuild', 'orders'], shop.env);
    expect(rebuild.code).toBe(0);
    // Redrawn in place: back to the line's start, erase it, then the bar.
    const redraws = rebuild.stdout.split('\r\x1b[2K').slice(1);
    expect(
      redraws.some((text) => /^(replaying|catching up|swapped \d\/1) \[[=> ]{24}\]/.test(text)),
    ).toBe(true);
    expect(rebuild.stdout).toMatch(/rebuilt 1 projection: /);
  });

  it('prints what an offline run prints, once start has stopped', async () => {
    expect(await shop.process().stop('SIGTERM')).toBe(0);
    for (const [command, online] of through) {
      if (command.startsWith('users create-admin')) continue; // creates once; shown above
      const offline = await shop.cli(command.split(' '));
      expect({ command, code: offline.code, stdout: shape(offline.stdout) }).toEqual({
        command,
        code: online.code,
        stdout: shape(online.stdout),
      });
      expect(shape(offline.stderr)).toEqual(shape(online.stderr));
    }
  });
});

/** Output with its numbers, times and positions blanked: what stays is its shape. */
function shape(text: string): string {
  // Progress lines come and go with timing: a catch-up or a swap tick only when events arrived
  // during the rebuild (the workers may still be appending, after ready).
  const lines = text
    .split('\n')
    .filter((line) => !/^(replaying|catching up|swapped \d+\/\d+)\b/.test(line));
  return lines
    .join('\n')
    .replace(/\b(running|stopped)\b/g, 'running or stopped')
    .replace(/\d[\d,.:TZ-]*( ?(ms|s|m|h)\b)?/g, '#')
    .replace(/ +/g, ' ')
    .replace(/(# )+#/g, '#');
}
