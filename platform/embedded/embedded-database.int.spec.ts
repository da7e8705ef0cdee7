import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../config/config-error';
import { PGlite } from '../event-store/test-support/load-pglite';
import { openEmbeddedDatabase } from './embedded-database';

describe('the embedded database', () => {
  const create = (dir: string) => PGlite.create(dir);

  it('opens PGlite once per DATA_DIR, keeps its data, and frees the directory on close', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'shopstream-embedded-'));
    const first = await openEmbeddedDatabase(dataDir, { create });
    await first.pglite.exec('create table kept (id int); insert into kept values (7)');
    await expect(openEmbeddedDatabase(dataDir, { create })).rejects.toThrow(ConfigError);
    await first.close();
    await first.close(); // twice is harmless

    const second = await openEmbeddedDatabase(dataDir, { create });
    try {
      expect((await second.pglite.query('select id from kept')).rows).toEqual([{ id: 7 }]);
    } finally {
      await second.close();
    }
  });

  it('frees DATA_DIR when PGlite cannot start', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'shopstream-embedded-'));
    const failing = () => Promise.reject(new Error('no wasm today'));
    await expect(openEmbeddedDatabase(dataDir, { create: failing })).rejects.toThrow('no wasm');
    const db = await openEmbeddedDatabase(dataDir, { create });
    await db.close();
  });
});
