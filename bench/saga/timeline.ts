import path from 'node:path';
import { ChildRpc } from '../support/child-rpc';
import { withClient } from '../support/postgres-server';
import { type TimelineCommand } from './embedded-timeline-worker';
import { publishTimes } from './kafka-timestamps';
import { round, type Stats, stats } from './stats';
import { trailSql, type TrailRow } from './timeline-sql';
import { type Topology } from './topology';

/** The hops of one order, in order; their means add up to the mean latency. */
export const HOPS = [
  'relay OrderPlaced',
  'deliver OrderPlaced',
  'reserve stock',
  'relay StockReserved',
  'deliver StockReserved',
  'confirm',
  'project + read',
] as const;

export type Hop = (typeof HOPS)[number];

/** What the client saw of one confirmed order. */
export type SeenOrder = Readonly<{ orderId: string; respondedAt: number; seenAt: number }>;

export type HopBreakdown = Readonly<{
  /** Orders whose every timestamp was found. */
  orders: number;
  incomplete: number;
  hops: Readonly<Record<Hop, Stats>>;
  /** Place-order response to ConfirmOrder starting: the saga's own latency, no read side. */
  toConfirmCommandMs: Stats;
  /** The same orders' measured latency (response to seen confirmed). */
  latencyMs: Stats;
  /**
   * The orders' OrderPlaced events per saga decision transaction (those that share one
   * pm_inbox.handled_at, the transaction's now()): 1 when each was decided on its own.
   */
  placedPerDecision: number | null;
}>;

/** Every timestamp of an order's trail, epoch ms. */
type Trail = readonly [number, number, number, number, number, number, number, number];

const CHUNK = 5_000;

/** How long the inventory streams are by the end: every command reads its whole stream. */
export type StreamStats = Readonly<{ streams: number; meanEvents: number; maxEvents: number }>;

const STREAMS_SQL = `
SELECT count(*)::int AS streams, coalesce(avg(revision + 1), 0)::float AS "meanEvents",
       coalesce(max(revision + 1), 0)::int AS "maxEvents"
  FROM event_store.streams WHERE stream_id LIKE 'inventory-%'`;

/**
 * Reads each window's trails once the windows are over (the multi-process database and topics,
 * or the embedded database after `shopstream start` stopped) and splits each order's latency
 * into hops. Times: the client's clock for the response and the poll, the relay's for a
 * publish, PostgreSQL's now() for a decision, the command's `now` for an event: one machine, one
 * clock. An event's time is when its command started, before its append.
 */
export async function readTrails(
  topology: Topology,
  windows: readonly (readonly SeenOrder[])[],
): Promise<{ hops: HopBreakdown[]; inventoryStreams: StreamStats }> {
  const ids = windows.flatMap((orders) => orders.map((o) => o.orderId));
  const chunks: Statement[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const params = [JSON.stringify(ids.slice(i, i + CHUNK))];
    chunks.push({ sql: trailSql(!topology.database), params });
  }
  const results = await queryStore(topology, [...chunks, { sql: STREAMS_SQL, params: [] }]);
  const rows = results.slice(0, chunks.length).flat() as TrailRow[];
  const [streams] = results[chunks.length] as StreamStats[];
  let published: Map<string, number> | undefined;
  if (topology.kafka) {
    const wanted = new Set(rows.flatMap((r) => [r.placed_id, r.trigger_id ?? '']));
    const { brokers, topicPrefix } = topology.kafka;
    published = await publishTimes(
      brokers,
      [`${topicPrefix}order`, `${topicPrefix}inventory`],
      wanted,
    );
  }
  const byOrder = new Map(rows.map((row) => [row.order_id, row]));
  const hops = windows.map((orders) => {
    const trails: Trail[] = [];
    const decisions = new Set<number>();
    for (const order of orders) {
      const decided = toNumber(byOrder.get(order.orderId)?.saga_placed_at);
      if (decided !== undefined) decisions.add(decided);
      const row = byOrder.get(order.orderId);
      const trail = row && trailOf(order, row, published);
      if (trail) trails.push(trail);
    }
    const hops = Object.fromEntries(
      HOPS.map((hop, i) => [hop, stats(trails.map((t) => round(t[i + 1] - t[i])))]),
    ) as Record<Hop, Stats>;
    return {
      orders: trails.length,
      incomplete: orders.length - trails.length,
      hops,
      toConfirmCommandMs: stats(trails.map((t) => round(t[6] - t[0]))),
      latencyMs: stats(trails.map((t) => round(t[7] - t[0]))),
      placedPerDecision: decisions.size > 0 ? round(orders.length / decisions.size) : null,
    };
  });
  return { hops, inventoryStreams: streams };
}

function trailOf(order: SeenOrder, row: TrailRow, published?: Map<string, number>): Trail | null {
  const placedPublished = published
    ? published.get(row.placed_id)
    : toNumber(row.placed_published_at);
  const triggerPublished = published
    ? published.get(row.trigger_id ?? '')
    : toNumber(row.trigger_published_at);
  const times = [
    order.respondedAt,
    placedPublished,
    toNumber(row.saga_placed_at),
    row.trigger_at ? Date.parse(row.trigger_at) : undefined,
    triggerPublished,
    toNumber(row.saga_trigger_at),
    Date.parse(row.confirmed_at),
    order.seenAt,
  ];
  return times.every((t): t is number => t !== undefined && Number.isFinite(t))
    ? (times as unknown as Trail)
    : null;
}

type Statement = Readonly<{ sql: string; params: unknown[] }>;

/**
 * Runs the statements against the topology's store: its database (multi-process), or the
 * embedded DATA_DIR from a process of its own once `shopstream start` has stopped.
 */
async function queryStore(
  topology: Topology,
  statements: readonly Statement[],
): Promise<unknown[][]> {
  const results: unknown[][] = [];
  if (topology.database) {
    await withClient(topology.database.url, async (client) => {
      for (const { sql, params } of statements)
        results.push((await client.query(sql, params)).rows);
    });
    return results;
  }
  await topology.stopProcesses();
  const worker = new ChildRpc<TimelineCommand>(
    path.join(__dirname, 'embedded-timeline-worker.ts'),
    'embedded timeline',
  );
  try {
    for (const { sql, params } of statements) {
      const command = { kind: 'query', dataDir: topology.dataDir, sql, params } as const;
      results.push((await worker.call(command)) as unknown[]);
    }
    await worker.close();
  } catch (error) {
    worker.kill();
    throw error;
  }
  return results;
}

function toNumber(value: number | string | null | undefined): number | undefined {
  return value === null || value === undefined ? undefined : Number(value);
}
