import { Pool } from 'pg';
import { appendColumns } from '../../../platform/event-store/postgres/event-rows';
import { schemaScript } from '../../../platform/event-store/postgres/schema-sql';
import { type StoreUnderTest } from '../store-under-test';

/**
 * The bare-PostgreSQL ceiling: our events table (same columns, same indexes, created by the same
 * script) filled by one plain INSERT ... SELECT FROM unnest per append, with no streams row, no
 * expectation check and no function call. Reads walk the primary key without the xmin filter.
 * This process never loads Emmett, so pg's default parsers (int8 and xid8 as text) apply.
 */
const INSERT = {
  name: 'bench_ceiling_insert',
  text: `INSERT INTO event_store.events (stream_id, revision, event_id, type, data, metadata)
         SELECT $1, e.revision, e.id, e.type, e.data, e.metadata
           FROM unnest($2::bigint[], $3::uuid[], $4::text[], $5::json[], $6::json[])
             AS e(revision, id, type, data, metadata)`,
};
const READ = {
  name: 'bench_ceiling_read',
  text: `SELECT transaction_id, position, stream_id, revision, event_id, type, data, metadata
           FROM event_store.events
          WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
          ORDER BY transaction_id, position LIMIT $3`,
};

type Row = { transaction_id: string; position: string };

export async function openCeiling(url: string, poolSize: number): Promise<StoreUnderTest> {
  const pool = new Pool({
    connectionString: url,
    max: poolSize,
    application_name: 'bench-ceiling',
  });
  await pool.query(schemaScript('event_store'));
  return {
    async append(stream, events, version) {
      const revisions = events.map((_, i) => version + i);
      await pool.query({ ...INSERT, values: [stream, revisions, ...appendColumns(events)] });
    },
    allReader(batchSize) {
      let after: Row = { transaction_id: '0', position: '0' };
      return {
        async read(maxCount) {
          let read = 0;
          while (read < maxCount) {
            const limit = Math.min(batchSize, maxCount - read);
            const { rows } = await pool.query<Row>({
              ...READ,
              values: [after.transaction_id, after.position, limit],
            });
            read += rows.length;
            if (rows.length > 0) after = rows[rows.length - 1];
            if (rows.length < limit) break;
          }
          return read;
        },
      };
    },
    subscribe: () => Promise.resolve(null),
    close: () => pool.end(),
  };
}
