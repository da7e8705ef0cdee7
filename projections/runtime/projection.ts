import { type Knex } from 'knex';
import { type DomainEvent } from '../../domain/event-schemas';
import { type RecordedEvent } from '../../platform/event-store/port';
import { type RowBatch } from './row-batch';

/**
 * One read-model table. It is created once per generation of its projection under a physical
 * name (`catalog_products__g3`); readers query a view with the logical name (`catalog_products`)
 * that points at the live generation. Give indexes no fixed names: knex derives them from the
 * physical name, so two generations never collide.
 */
export type TableDefinition = Readonly<{
  /** The table with its primary key (a rebuild's upserts need it from the first row). */
  create(knex: Knex, table: string): Promise<void>;
  /** Secondary indexes: built after a rebuild's replay, in one sort each, not row by row. */
  indexes?(index: CreateIndex): Promise<void>;
}>;

/**
 * Creates one index on the table: `definition` is what follows `CREATE INDEX ON <table>`, its
 * `??` placeholders filled with `identifiers`. The runtime names the index (PostgreSQL derives it
 * from the physical table, so two generations never clash) and picks how it is built.
 */
export type CreateIndex = (definition: string, identifiers?: readonly string[]) => Promise<void>;

/** A stored event, upcast to its current schema, as projections see it. */
export type ProjectedEvent = Readonly<{
  event: DomainEvent;
  eventId: string;
  streamName: string;
  position: string;
  /** ISO 8601 UTC: when the domain says it happened (metadata.occurredAt). */
  occurredAt: string;
  recorded: RecordedEvent;
}>;

export type ApplyContext<Table extends string = string> = Readonly<{
  /** The batch's transaction: the checkpoint advances in it too, so apply exactly once. */
  db: Knex.Transaction;
  /** The physical name of a logical table in the generation being written. */
  table(name: Table): string;
  /** `rebuild` fills fresh tables from the first event; `live` follows the head. */
  mode: 'live' | 'rebuild';
  /**
   * The rows of one logical table keyed by `keyColumns`, to load, change and flush. Live, a
   * fresh batch that writes every change at `flush`; during a rebuild's replay, one kept across
   * its transactions that writes a row once, when memory runs short or the replay ends (see
   * retained-rows.ts). Read the table through it only: a rebuild's table lags its memory.
   */
  rows<R extends Record<string, unknown>>(
    name: Table,
    keyColumns: readonly (keyof R & string)[],
  ): RowBatch<R>;
}>;

/**
 * A read model: its tables and how a batch of events changes them. The runtime feeds it every
 * event of `$all` in commit order whose type is in `eventTypes`, in batches, each batch in one
 * transaction together with the checkpoint. `apply` must be deterministic (no clock, no random
 * ids: times come from the events), so a rebuild yields exactly the live tables.
 *
 * Bump `version` whenever the tables or the meaning of `apply` change: a worker that finds the
 * live tables at another version rebuilds them in the background, and the old ones keep serving.
 */
export interface Projection<Table extends string = string> {
  readonly name: string;
  readonly version: number;
  readonly description: string;
  /** Logical table (= view) names, each starting with `<name>_`. */
  readonly tables: Readonly<Record<Table, TableDefinition>>;
  readonly eventTypes: readonly DomainEvent['type'][];
  apply(events: readonly ProjectedEvent[], context: ApplyContext<Table>): Promise<void>;
}

/** A batch's events of one type set, narrowed: `eventsOfType(batch, 'OrderPlaced')`. */
export function isEventOfType<Type extends DomainEvent['type']>(
  projected: ProjectedEvent,
  ...types: Type[]
): projected is ProjectedEvent & { event: Extract<DomainEvent, { type: Type }> } {
  return (types as string[]).includes(projected.event.type);
}
