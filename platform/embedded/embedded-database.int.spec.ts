import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../config/config-error';
import { PGlite } from '../event-store/test-support/load-pglite';
import { runAsBackground } from './background-work';
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

  it("lets the event loop run between the workers' queries, and serves a request's query first", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'shopstream-embedded-'));
    const { pglite, close } = await openEmbeddedDatabase(dataDir, { create });
    try {
      // A PGlite query settles without returning to the event loop: a worker sending query
      // after query would keep every request unread until it paused.
      let sent = 0;
      let sentWhenTheLoopRan: number | undefined;
      setImmediate(() => (sentWhenTheLoopRan = sent));
      await runAsBackground(async () => {
        for (; sent < 20; sent++) await pglite.query('select 1');
      });
      expect(sentWhenTheLoopRan).toBeLessThanOrEqual(1);

      const served: string[] = [];
      const background = runAsBackground(() =>
        Promise.all(
          [1, 2, 3].map(async (n) => {
            await pglite.query('select $1::int', [n]);
            served.push(`background ${n}`);
          }),
        ),
      );
      const request = pglite.exec('select 1').then(() => served.push('request'));
      await Promise.all([background, request]);
      expect(served[0]).toBe('request');
    } finally {
      await close();
    }
  });
});
