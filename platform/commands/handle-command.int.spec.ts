import { type PGlite as PGliteInstance } from '@electric-sql/pglite';
import { randomUUID } from 'node:crypto';
import {
  type InventoryCommand,
  type InventoryEvent,
  inventoryDecider,
  streamName as inventoryStream,
} from '../../domain/inventory';
import { ConcurrencyError, IllegalStateError } from '../../domain/shared/errors';
import { createPgliteEventStore, createPostgresEventStore } from '../event-store/open-event-store';
import { type EventStore } from '../event-store/port';
import { useFreshDatabase } from '../event-store/test-support/fresh-database';
import { PGlite } from '../event-store/test-support/load-pglite';
import { type CommandContext } from './command-context';
import { handleCommand } from './handle-command';

const now = '2026-11-23T10:00:00.000Z';
const context: CommandContext = { correlationId: 'corr-1', userId: 'admin-1', now };

function initialise(productId: string, initialStock: number): InventoryCommand {
  return { type: 'InitialiseInventory', data: { productId, sku: 'SKU-1', initialStock, now } };
}

function reserve(productId: string, orderId: string, quantity: number): InventoryCommand {
  return { type: 'ReserveStock', data: { productId, orderId, quantity, now } };
}

describe('handleCommand on embedded Postgres', () => {
  let db: PGliteInstance;
  let store: EventStore;

  beforeAll(async () => {
    db = await PGlite.create();
    store = createPgliteEventStore(db);
    await store.ensureSchema();
  });
  afterAll(async () => {
    await store.close();
    await db.close();
  });

  it('appends the decided events with metadata and returns state, revision and position', async () => {
    const productId = randomUUID();
    const outcome = await handleCommand(
      store,
      inventoryDecider,
      inventoryStream(productId),
      initialise(productId, 40),
      context,
    );
    expect(outcome.events.map((e) => e.type)).toEqual(['InventoryInitialised']);
    expect(outcome.revision).toBe(0n);
    expect(outcome.state).toMatchObject({ onHand: 40, reserved: 0, available: 40 });

    const [stored] = await store.readStream(inventoryStream(productId));
    expect(stored.position).toBe(outcome.position);
    expect(stored.metadata).toEqual({
      correlationId: 'corr-1',
      causationId: 'corr-1',
      userId: 'admin-1',
      occurredAt: now,
      schemaVersion: 1,
    });
  });

  it('appends nothing for a no-op decision and answers with the current position', async () => {
    const productId = randomUUID();
    const stream = inventoryStream(productId);
    await handleCommand(store, inventoryDecider, stream, initialise(productId, 10), context);
    const first = await handleCommand(
      store,
      inventoryDecider,
      stream,
      reserve(productId, 'o1', 2),
      context,
    );
    const repeat = await handleCommand(
      store,
      inventoryDecider,
      stream,
      reserve(productId, 'o1', 2),
      context,
    );
    expect(repeat.events).toEqual([]);
    expect(repeat.position).toBe(first.position);
    expect(repeat.revision).toBe(first.revision);
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('skips the read for a fresh stream, and falls back to reading when it exists after all', async () => {
    const reads: string[] = [];
    const counting: EventStore = Object.create(store, {
      readStream: {
        value: (name: string) => {
          reads.push(name);
          return store.readStream(name);
        },
      },
    });
    const fresh = randomUUID();
    const created = await handleCommand(
      counting,
      inventoryDecider,
      inventoryStream(fresh),
      initialise(fresh, 5),
      context,
      { freshStream: true },
    );
    expect(created.revision).toBe(0n);
    expect(reads).toEqual([]);

    // Said to be fresh, but it exists: the no-stream append conflicts, and the normal path then
    // decides on the real state (a second initialisation is refused by the domain, not a 409).
    const conflicts: string[] = [];
    await expect(
      handleCommand(
        counting,
        inventoryDecider,
        inventoryStream(fresh),
        initialise(fresh, 9),
        context,
        {
          freshStream: true,
          onConflict: (name) => conflicts.push(name),
        },
      ),
    ).rejects.toBeInstanceOf(IllegalStateError);
    expect(conflicts).toEqual([inventoryStream(fresh)]);
    expect(reads).toEqual([inventoryStream(fresh)]);
    expect(await store.readStream(inventoryStream(fresh))).toHaveLength(1);
  });

  it('surfaces a conflict after the bounded retries', async () => {
    const productId = randomUUID();
    const stream = inventoryStream(productId);
    await handleCommand(store, inventoryDecider, stream, initialise(productId, 10), context);
    const alwaysConflicting: EventStore = Object.create(store, {
      append: {
        value: async () => {
          throw new ConcurrencyError(stream, '0', 1n);
        },
      },
    });
    const conflicts: string[] = [];
    await expect(
      handleCommand(
        alwaysConflicting,
        inventoryDecider,
        stream,
        reserve(productId, 'o', 1),
        context,
        {
          maxRetries: 2,
          onConflict: (s) => conflicts.push(s),
        },
      ),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(conflicts).toEqual([stream, stream, stream]);
  });
});

describe('handleCommand under concurrency on PostgreSQL', () => {
  const database = useFreshDatabase('handle_command');
  let store: EventStore;

  beforeAll(async () => {
    store = createPostgresEventStore({ connectionString: database.url, poolSize: 20 });
    await store.ensureSchema();
    database.beforeDrop(() => store.close());
  });

  it('never oversells: 40 concurrent reservations of 1 against 25 in stock', async () => {
    const productId = randomUUID();
    const stream = inventoryStream(productId);
    await handleCommand(store, inventoryDecider, stream, initialise(productId, 25), context);

    let conflicts = 0;
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        handleCommand(
          store,
          inventoryDecider,
          stream,
          reserve(productId, `order-${i}`, 1),
          context,
          {
            maxRetries: 100,
            onConflict: () => conflicts++,
          },
        ),
      ),
    );

    const decided = outcomes.flatMap((o) => o.events as InventoryEvent[]).map((e) => e.type);
    expect(decided.filter((t) => t === 'StockReserved')).toHaveLength(25);
    expect(decided.filter((t) => t === 'StockReservationFailed')).toHaveLength(15);
    // The race was real: appends collided and were decided again on fresh state.
    expect(conflicts).toBeGreaterThan(0);

    const stored = await store.readStream(stream);
    const reservedOrders = stored
      .filter((e) => e.type === 'StockReserved')
      .map((e) => (e.data as { orderId: string }).orderId);
    expect(new Set(reservedOrders).size).toBe(25);
    expect(stored.map((e) => e.revision)).toEqual(stored.map((_, i) => BigInt(i)));
  });
});

describe('handleCommand with derived event ids (a reaction run again)', () => {
  const database = useFreshDatabase('handle_command_seeded');
  let store: EventStore;

  beforeAll(async () => {
    store = createPostgresEventStore({ connectionString: database.url, poolSize: 8 });
    await store.ensureSchema();
    database.beforeDrop(() => store.close());
  });

  const release = (productId: string, orderId: string): InventoryCommand => ({
    type: 'ReleaseReservation',
    data: { productId, orderId, reason: 'order cancelled', now },
  });

  it('finds its events appended and decides nothing again, even after the stream moved on', async () => {
    const productId = randomUUID();
    const stream = inventoryStream(productId);
    await handleCommand(store, inventoryDecider, stream, initialise(productId, 10), context);
    const seed = `test/${randomUUID()}/reserve:${productId}`;
    const first = await handleCommand(
      store,
      inventoryDecider,
      stream,
      reserve(productId, 'o1', 3),
      context,
      {
        eventIdSeed: seed,
      },
    );
    expect(first.alreadyAppended).toBe(false);
    await handleCommand(store, inventoryDecider, stream, release(productId, 'o1'), context);

    // Decided afresh, the reserve would hold 3 units again for an order that gave them back.
    const again = await handleCommand(
      store,
      inventoryDecider,
      stream,
      reserve(productId, 'o1', 3),
      context,
      {
        eventIdSeed: seed,
      },
    );
    expect(again).toMatchObject({ alreadyAppended: true, events: [] });
    const types = (await store.readStream(stream)).map((e) => e.type);
    expect(types).toEqual(['InventoryInitialised', 'StockReserved', 'ReservationReleased']);
  });

  it('lets runs of one reaction race: none fails, one appends', async () => {
    const productId = randomUUID();
    const stream = inventoryStream(productId);
    await handleCommand(store, inventoryDecider, stream, initialise(productId, 10), context);
    const seed = `test/${randomUUID()}/reserve`;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        handleCommand(store, inventoryDecider, stream, reserve(productId, 'o2', 2), context, {
          eventIdSeed: seed,
          maxRetries: 10,
        }),
      ),
    );
    expect((await store.readStream(stream)).filter((e) => e.type === 'StockReserved')).toHaveLength(
      1,
    );
  });
});
