import { type DomainEvent } from '../../domain/event-schemas';
import { type Projection } from './projection';

type Count = { user_id: string; renames: number; last_name: string; last_position: string };

/**
 * A read model small enough to reason about in runtime tests: one row per renamed user counting
 * its renames (a double apply shows as a wrong count), and a log of applied event ids (a skip or
 * a duplicate shows there). Throws on a rename to "poison".
 */
export function toyProjection(version = 1): Projection<'toy_counts' | 'toy_applied'> {
  return {
    name: 'toy',
    version,
    description: 'counts renames per user',
    eventTypes: ['UserRenamed'],
    tables: {
      toy_counts: {
        create: (knex, table) =>
          knex.schema.createTable(table, (t) => {
            t.uuid('user_id').primary();
            t.integer('renames').notNullable();
            t.text('last_name').notNullable();
            t.text('last_position').notNullable();
          }),
      },
      toy_applied: {
        create: (knex, table) =>
          knex.schema.createTable(table, (t) => {
            t.uuid('event_id').primary();
            t.text('position').notNullable();
          }),
      },
    },
    async apply(events, { db, table, rows }) {
      const counts = rows<Count>('toy_counts', ['user_id']);
      const renames = events.flatMap(({ event, position, eventId }) =>
        event.type === 'UserRenamed' ? [{ ...event.data, position, eventId }] : [],
      );
      await counts.load(renames.map((r) => [r.userId]));
      for (const rename of renames) {
        if (rename.name === 'poison') throw new Error('cannot digest poison');
        const row = counts.get(rename.userId);
        counts.set({
          user_id: rename.userId,
          renames: (row?.renames ?? 0) + 1,
          last_name: rename.name,
          last_position: rename.position,
        });
      }
      await counts.flush();
      if (renames.length > 0) {
        await db(table('toy_applied')).insert(
          renames.map((r) => ({ event_id: r.eventId, position: r.position })),
        );
      }
    },
  };
}

/** The event the toy projection counts. */
export const renameEvent = (userId: string, name: string): DomainEvent => ({
  type: 'UserRenamed',
  data: { userId, name, renamedAt: '2026-11-23T10:00:00.000Z' },
});
