import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/harness';

/**
 * A database of its own for one test file, created on the server DATABASE_URL points at and
 * dropped afterwards, so parallel jest workers never see each other's events.
 */
export type FreshDatabase = {
  /** Connection string of the fresh database (valid inside tests and hooks). */
  readonly url: string;
  /** pg_terminate_backend on every connection with this application_name; returns how many. */
  terminate(applicationName: string): Promise<number>;
  /**
   * Registers cleanup to run before the database is dropped (jest runs a file's afterAll hooks in
   * declaration order, so a spec's own afterAll would run after the drop).
   */
  beforeDrop(cleanup: () => Promise<unknown>): void;
  /** Runs SQL on an admin connection to the fresh database. */
  admin<T extends object>(text: string, values?: unknown[]): Promise<T[]>;
};

export function useFreshDatabase(label: string): FreshDatabase {
  let database: TestDatabase | undefined;
  let url: string | undefined;
  let admin: Client | undefined;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    database = await createTestDatabase(label);
    url = database.url;
    admin = new Client({ connectionString: url, application_name: 'event-store-test-admin' });
    await admin.connect();
  });

  afterAll(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
    await admin?.end();
    await database?.drop();
  });

  const connected = (): Client => {
    if (!admin) throw new Error('the fresh database is only available inside tests and hooks');
    return admin;
  };

  return {
    get url() {
      if (!url) throw new Error('the fresh database is only available inside tests and hooks');
      return url;
    },
    async terminate(applicationName) {
      const result = await connected().query<{ terminated: string }>(
        `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) AS terminated
           FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`,
        [applicationName],
      );
      return Number(result.rows[0].terminated);
    },
    beforeDrop(cleanup) {
      cleanups.push(cleanup);
    },
    async admin<T extends object>(text: string, values: unknown[] = []) {
      return (await connected().query<T>(text, values)).rows;
    },
  };
}
