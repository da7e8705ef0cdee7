import { Client } from 'pg';
import { type TestDatabase, createTestDatabase } from '../harness';

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

describe('Postgres from the integration harness', () => {
  let db: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase('harness_postgres');
    client = await connect(db.url);
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('runs DDL, inserts and selects in a fresh database', async () => {
    const { rows: current } = await client.query<{ name: string }>(
      'SELECT current_database() AS name',
    );
    expect(current[0].name).toBe(db.name);

    await client.query('CREATE TABLE orders (id int PRIMARY KEY, total_cents int NOT NULL)');
    await client.query('INSERT INTO orders VALUES ($1, $2), ($3, $4)', [1, 1250, 2, 990]);
    const { rows } = await client.query('SELECT id, total_cents FROM orders ORDER BY id');

    expect(rows).toEqual([
      { id: 1, total_cents: 1250 },
      { id: 2, total_cents: 990 },
    ]);
  });

  it('gives each test database its own tables, and drop() removes it', async () => {
    const other = await createTestDatabase('harness_postgres');
    const otherClient = await connect(other.url);
    try {
      const { rows } = await otherClient.query("SELECT to_regclass('orders') AS found");
      expect(rows[0].found).toBeNull();
    } finally {
      await otherClient.end();
      await other.drop();
    }
    const { rows } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      other.name,
    ]);
    expect(rows).toHaveLength(0);
  });
});
