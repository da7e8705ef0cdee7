import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../config/config-error';
import { jwtSecretPath, loadJwtSecret } from './jwt-secret';

describe('JWT secret', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'jwt-secret-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('uses JWT_SECRET when it is set and writes nothing', async () => {
    const secret = await loadJwtSecret({ jwtSecret: 'x'.repeat(40), dataDir });
    expect(secret).toEqual({ key: Buffer.from('x'.repeat(40)), source: 'JWT_SECRET' });
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('creates a random key under DATA_DIR, readable only by its owner, then reuses it', async () => {
    const first = await loadJwtSecret({ dataDir });
    expect(first).toMatchObject({ source: 'file', path: jwtSecretPath(dataDir), created: true });
    expect(first.key.toString()).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(statSync(jwtSecretPath(dataDir)).mode & 0o777).toBe(0o600);

    const again = await loadJwtSecret({ dataDir });
    expect(again).toMatchObject({ created: false });
    expect(again.key.equals(first.key)).toBe(true);

    const elsewhere = mkdtempSync(path.join(tmpdir(), 'jwt-secret-'));
    try {
      expect((await loadJwtSecret({ dataDir: elsewhere })).key.equals(first.key)).toBe(false);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('gives racing starters the same key and leaves no temp files behind', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => loadJwtSecret({ dataDir })));
    const keys = new Set(results.map((r) => r.key.toString()));
    expect(keys.size).toBe(1);
    expect(results.filter((r) => r.source === 'file' && r.created)).toHaveLength(1);
    expect(readdirSync(path.join(dataDir, 'secrets'))).toEqual(['jwt.key']);
  });

  it('keys the file content as JWT_SECRET would, so it can be copied there', async () => {
    const fromFile = await loadJwtSecret({ dataDir });
    const fromEnv = await loadJwtSecret({ jwtSecret: fromFile.key.toString('utf8'), dataDir });
    expect(fromEnv.key.equals(fromFile.key)).toBe(true);
  });

  it('refuses a key file that is too short, naming the variable', async () => {
    mkdirSync(path.join(dataDir, 'secrets'), { mode: 0o700 });
    writeFileSync(jwtSecretPath(dataDir), 'short\n', { mode: 0o600 });
    const attempt = loadJwtSecret({ dataDir });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(/^JWT_SECRET: .* fewer than 32 characters/);
  });

  it('names DATA_DIR when the key cannot be written', async () => {
    const blocked = path.join(dataDir, 'not-a-dir');
    writeFileSync(blocked, '');
    const attempt = loadJwtSecret({ dataDir: blocked });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(/^DATA_DIR: cannot keep the JWT signing key at /);
  });

  describe('a secrets directory other users can get into, refused as ssh refuses a key', () => {
    let secrets: string;
    beforeEach(async () => {
      await loadJwtSecret({ dataDir });
      secrets = path.join(dataDir, 'secrets');
    });

    it.each([
      ['world-readable', 0o604],
      ['group-readable', 0o640],
      ['group-writable', 0o620],
    ])('refuses a %s key file, naming it and the chmod that fixes it', async (_, mode) => {
      const file = jwtSecretPath(dataDir);
      chmodSync(file, mode);
      const shown = mode.toString(8).padStart(4, '0');
      const attempt = loadJwtSecret({ dataDir });
      await expect(attempt).rejects.toBeInstanceOf(ConfigError);
      await expect(attempt).rejects.toThrow(
        `DATA_DIR: permissions ${shown} for ${file} are too open: other users could read the secrets; run chmod 600 ${file}`,
      );
    });

    it('refuses a directory others may enter, and starts once the named chmod was run', async () => {
      chmodSync(secrets, 0o755);
      await expect(loadJwtSecret({ dataDir })).rejects.toThrow(
        `DATA_DIR: permissions 0755 for ${secrets} are too open: other users could read the secrets; run chmod 700 ${secrets}`,
      );
      chmodSync(secrets, 0o700);
      await expect(loadJwtSecret({ dataDir })).resolves.toMatchObject({ created: false });
    });

    it('checks every file in it, not only the key it reads', async () => {
      const spare = path.join(secrets, 'old-jwt.key');
      writeFileSync(spare, 'x'.repeat(40), { mode: 0o644 });
      chmodSync(spare, 0o644);
      await expect(loadJwtSecret({ dataDir })).rejects.toThrow(`run chmod 600 ${spare}`);
    });

    it('does not look at DATA_DIR when JWT_SECRET is set', async () => {
      chmodSync(jwtSecretPath(dataDir), 0o644);
      await expect(loadJwtSecret({ jwtSecret: 'y'.repeat(40), dataDir })).resolves.toMatchObject({
        source: 'JWT_SECRET',
      });
    });
  });
});
