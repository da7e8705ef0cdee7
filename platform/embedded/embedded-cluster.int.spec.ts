import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '../event-store/test-support/load-pglite';
import {
  EMBEDDED_SHARED_BUFFERS,
  embeddedStartParams,
  initializeInChildProcess,
  isInitialized,
} from './embedded-cluster';

describe('the embedded cluster', () => {
  it("keeps PGlite's own start parameters and sets the smaller buffer pool last", () => {
    const params = embeddedStartParams();
    expect(params.slice(0, PGlite.defaultStartParams.length)).toEqual(PGlite.defaultStartParams);
    expect(params.slice(-2)).toEqual(['-c', `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`]);
  });

  it('initializes a fresh directory in a child process, which the server then opens with its pool size', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'shopstream-cluster-')), 'pglite');
    expect(await isInitialized(dir)).toBe(false);

    await initializeInChildProcess(dir);

    expect(await isInitialized(dir)).toBe(true);
    const db = await PGlite.create(dir, { startParams: embeddedStartParams() });
    try {
      const { rows } = await db.query<{ shared_buffers: string }>('SHOW shared_buffers');
      expect(rows).toEqual([{ shared_buffers: EMBEDDED_SHARED_BUFFERS }]);
      await db.exec('create table kept (id int); insert into kept values (1)');
      expect((await db.query('select id from kept')).rows).toEqual([{ id: 1 }]);
    } finally {
      await db.close();
    }
  });

  it("says which directory it could not create, with the child's reason", async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'shopstream-cluster-'));
    const blocked = path.join(parent, 'not-a-directory');
    writeFileSync(blocked, 'a file where the cluster should go');

    await expect(initializeInChildProcess(path.join(blocked, 'pglite'))).rejects.toThrow(
      `cannot create the embedded database in ${path.join(blocked, 'pglite')}: `,
    );
  });
});
