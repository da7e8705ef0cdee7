import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { openSharedStores, type SharedStores } from '../../cli/system';
import { toDomainEvent } from '../../platform/commands/domain-events';
import { loadConfig } from '../../platform/config/config';
import { type RecordedEvent } from '../../platform/event-store/port';
import { allProjections } from '../../projections';
import { migrateReadModels } from '../../projections/read-model-schema';
import { publishCheckpoint } from '../../projections/runtime/checkpoint-notifications';
import { type Projection } from '../../projections/runtime/projection';
import { type RebuildResult, rebuildProjections } from '../../projections/runtime/rebuild';
import { type CpuSplit, cpuMeter, type CpuMeter, localPostmaster } from '../support/measure';
import { memoryPhase, type PhaseMemory } from '../support/process-memory';
import { pgProfiler, type PgProfiler } from '../support/pg-profile';
import { type ProfileSummary, startCpuProfile } from './cpu-profile';

export type RebuildSessionRequest = Readonly<{ databaseUrl: string; batchSize: number }>;

/** One pass over $all. */
export type ReadPass = Readonly<{
  events: number;
  /** Events that some projection handles (upcast pass only). */
  projected: number;
  ms: number;
  cpu: CpuSplit | null;
}>;

/**
 * PostgreSQL's time for one kind of statement on one table (generation suffix dropped), summed
 * over every statement of that shape: knex inlines a VALUES row per upserted row, so each batch
 * size is a statement of its own in pg_stat_statements.
 */
export type StatementGroup = Readonly<{
  statement: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  rows: number;
  walMiB: number;
}>;

export type RebuildRun = Readonly<{
  projections: readonly string[];
  ms: number;
  /** From the call until the last batch of the single pass over $all was applied. */
  replayMs: number;
  /** Catching up with the head, swapping the views, dropping the old tables. */
  tailMs: number;
  eventsRead: number;
  results: readonly RebuildResult[];
  cpu: CpuSplit | null;
  /** This (rebuilding) process's resident memory: peak over the run (VmHWM reset as it
   * starts; `peakSinceStart` when the kernel refused) and at its end. */
  memory: PhaseMemory | null;
  profile: ProfileSummary | null;
  statements: StatementGroup[] | null;
}>;

/**
 * The measured side, in a child process of its own (worker.ts): the stores opened exactly as
 * `shopstream projections rebuild` opens them (cli/system.ts: event store, read-model knex pool
 * and coordination from the configuration, in-process leases without REDIS_URL), and the same
 * call the CLI makes (rebuildProjections). The CPU meter runs here, so "bench process" in its
 * splits is this process: the rebuild's own CPU.
 */
export class RebuildSession {
  private constructor(
    private readonly stores: SharedStores,
    private readonly admin: Client,
    private readonly meter: CpuMeter,
    private readonly profiler: PgProfiler | null,
    private readonly batchSize: number,
  ) {}

  static async open(request: RebuildSessionRequest): Promise<RebuildSession> {
    const config = loadConfig({
      DATABASE_URL: request.databaseUrl,
      DATA_DIR: path.join(os.tmpdir(), `shopstream-bench-${randomUUID()}`),
    });
    const stores = await openSharedStores(config, 'shopstream-projections-rebuild');
    const admin = new Client({
      connectionString: request.databaseUrl,
      application_name: 'bench-admin',
    });
    try {
      await admin.connect();
      await migrateReadModels(stores.db);
      const { rows } = await admin.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const meter = cpuMeter(localPostmaster(rows[0].pid));
      const profiler = await pgProfiler(admin).catch(() => null);
      return new RebuildSession(stores, admin, meter, profiler, request.batchSize);
    } catch (error) {
      await admin.end().catch(() => undefined);
      await stores.close();
      throw error;
    }
  }

  /** readAll from the first event to the head, batch by batch, and nothing else. */
  async read(): Promise<ReadPass> {
    return this.pass(() => 0);
  }

  /**
   * readAll plus what the runtime does to each event before a projection sees it: keep the
   * types some projection handles and upcast them to domain events (toDomainEvent), wrapped as
   * the runtime wraps them (ProjectedEvent). Once per event, as the current rebuild does.
   */
  async readAndUpcast(): Promise<ReadPass> {
    const handled = new Set(allProjections.flatMap((p) => p.eventTypes as readonly string[]));
    return this.pass((batch) => {
      let projected = 0;
      for (const recorded of batch) {
        if (!handled.has(recorded.type)) continue;
        const wrapped = {
          event: toDomainEvent(recorded),
          eventId: recorded.eventId,
          streamName: recorded.streamName,
          position: recorded.position,
          occurredAt: recorded.metadata.occurredAt,
          recorded,
        };
        if (wrapped.event) projected += 1;
      }
      return projected;
    });
  }

  private async pass(work: (batch: RecordedEvent[]) => number): Promise<ReadPass> {
    await this.checkpoint();
    const stop = this.meter.start();
    const began = performance.now();
    let events = 0;
    let projected = 0;
    for await (const batch of this.stores.eventStore.readAll({ batchSize: this.batchSize })) {
      events += batch.length;
      projected += work(batch);
    }
    return { events, projected, ms: performance.now() - began, cpu: stop() };
  }

  /** `projections rebuild <name|all>`, timed from the call to its return. */
  async rebuild(names: readonly string[], profile: boolean): Promise<RebuildRun> {
    const projections = names.map(byName);
    await this.checkpoint();
    const cpuProfile = profile ? await startCpuProfile() : null;
    if (profile) await this.profiler?.reset();
    const phase = memoryPhase(process.pid);
    const stop = this.meter.start();
    const began = performance.now();
    let replayEnded = began;
    let eventsRead = 0;
    const results = await rebuildProjections(projections, {
      db: this.stores.db,
      store: this.stores.eventStore,
      leases: this.stores.coordination.leases,
      ownerId: `bench-rebuild-${process.pid}`,
      batchSize: this.batchSize,
      onProgress: (progress) => {
        eventsRead = progress.eventsRead;
        if (progress.phase === 'replay') replayEnded = performance.now();
      },
      onSwapped: async (name, position) => {
        if (position !== null)
          await publishCheckpoint(this.stores.coordination.pubsub, name, position);
      },
    });
    const ended = performance.now();
    const cpu = stop();
    const memory = phase.end();
    const statements = profile && this.profiler ? await this.statementGroups() : null;
    return {
      projections: names,
      ms: ended - began,
      replayMs: replayEnded - began,
      tailMs: ended - replayEnded,
      eventsRead,
      results,
      cpu,
      memory,
      profile: cpuProfile ? await cpuProfile.stop() : null,
      statements,
    };
  }

  /** pg_stat_statements of this database since the last reset, grouped (see StatementGroup). */
  private async statementGroups(): Promise<StatementGroup[]> {
    const { rows } = await this.admin.query<{
      statement: string;
      calls: string;
      total: number;
      rows: string;
      wal: string;
    }>(
      `WITH s AS (
         SELECT regexp_replace(
                  CASE
                    WHEN query ~* '^\\s*insert' THEN 'INSERT INTO ' ||
                      coalesce(substring(query FROM '(?i)insert\\s+into\\s+"?([a-z_0-9.]+)'), '?')
                    WHEN query ~* '^\\s*update' THEN 'UPDATE ' ||
                      coalesce(substring(query FROM '(?i)update\\s+"?([a-z_0-9.]+)'), '?')
                    WHEN query ~* '^\\s*delete' THEN 'DELETE FROM ' ||
                      coalesce(substring(query FROM '(?i)from\\s+"?([a-z_0-9.]+)'), '?')
                    WHEN query ~* '^\\s*select' THEN 'SELECT FROM ' ||
                      coalesce(substring(query FROM '(?i)from\\s+"?([a-z_0-9.]+)'), '?')
                    ELSE upper(split_part(btrim(query), ' ', 1))
                  END, '__g[0-9]+', '') AS statement,
                calls, total_exec_time, rows, wal_bytes
           FROM pg_stat_statements
          WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND query NOT LIKE '%pg_stat_statements%')
       SELECT statement, sum(calls)::text AS calls, sum(total_exec_time) AS total,
              sum(rows)::text AS rows, sum(wal_bytes)::text AS wal
         FROM s GROUP BY statement ORDER BY total DESC LIMIT 14`,
    );
    return rows.map((r) => ({
      statement: r.statement,
      calls: Number(r.calls),
      totalMs: Math.round(r.total),
      meanMs: Math.round((r.total / Math.max(1, Number(r.calls))) * 1_000) / 1_000,
      rows: Number(r.rows),
      walMiB: Math.round((Number(r.wal) / 2 ** 20) * 10) / 10,
    }));
  }

  /** Rows in each read-model table (through its view: the live generation). */
  async tableRows(): Promise<Record<string, number>> {
    const rows: Record<string, number> = {};
    for (const projection of allProjections) {
      for (const table of Object.keys(projection.tables)) {
        const { rows: counted } = await this.admin.query<{ n: string }>(
          `SELECT count(*) AS n FROM ${table}`,
        );
        rows[table] = Number(counted[0].n);
      }
    }
    return rows;
  }

  /** Size of the stored events: what a reader of $all moves. */
  async storeSize(): Promise<{
    events: number;
    streams: number;
    bytes: number;
    dataBytes: number;
    metadataBytes: number;
  }> {
    const { rows } = await this.admin.query<{
      events: string;
      streams: string;
      bytes: string;
      data: string;
      metadata: string;
    }>(
      `SELECT count(*) AS events, count(DISTINCT stream_id) AS streams,
              pg_total_relation_size('event_store.events') AS bytes,
              avg(octet_length(data::text)) AS data, avg(octet_length(metadata::text)) AS metadata
         FROM event_store.events`,
    );
    const [row] = rows;
    return {
      events: Number(row.events),
      streams: Number(row.streams),
      bytes: Number(row.bytes),
      dataBytes: Math.round(Number(row.data)),
      metadataBytes: Math.round(Number(row.metadata)),
    };
  }

  /** How many active products the catalog search term matches (the API pages through them). */
  async searchMatches(word: string): Promise<number> {
    const { rows } = await this.admin.query<{ n: string }>(
      `SELECT count(*) AS n FROM catalog_products
        WHERE status = 'active' AND search @@ websearch_to_tsquery('english', $1)`,
      [word],
    );
    return Number(rows[0].n);
  }

  /** Paid orders, and orders of each of these customers, as the order-history reads see them. */
  async orderCounts(userIds: readonly string[]): Promise<{ paid: number; perCustomer: number[] }> {
    const paid = await this.admin.query<{ n: string }>(
      "SELECT count(*) AS n FROM orders_orders WHERE status = 'paid'",
    );
    const per = await this.admin.query<{ user_id: string; n: string }>(
      'SELECT user_id, count(*) AS n FROM orders_orders WHERE user_id = ANY($1) GROUP BY user_id',
      [userIds],
    );
    const counts = new Map(per.rows.map((r) => [r.user_id, Number(r.n)]));
    return { paid: Number(paid.rows[0].n), perCustomer: userIds.map((id) => counts.get(id) ?? 0) };
  }

  /** So that no phase pays for the dirty pages of the one before (needs superuser; else skipped). */
  async checkpoint(): Promise<void> {
    await this.admin.query('CHECKPOINT').catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.admin.end();
    await this.stores.close();
  }
}

function byName(name: string): Projection {
  const projection = allProjections.find((p) => p.name === name);
  if (!projection) throw new Error(`no projection named ${name}`);
  return projection;
}
