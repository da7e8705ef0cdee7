import { chmodSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generatedAdminPath, loadOrCreateGeneratedAdmin } from './generated-admin';

describe('the generated admin account (shopstream start without ADMIN_EMAIL)', () => {
  it('is made once, kept private, and read back unchanged by later starts', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'generated-admin-'));
    const first = await loadOrCreateGeneratedAdmin(dataDir);
    const again = await loadOrCreateGeneratedAdmin(dataDir);

    expect(first.created).toBe(true);
    expect(first.password.length).toBeGreaterThanOrEqual(32);
    expect(again).toEqual({ ...first, created: false });
    expect(statSync(generatedAdminPath(dataDir)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(generatedAdminPath(dataDir), 'utf8'))).toEqual({
      email: first.email,
      password: first.password,
    });
  });

  it('gives two data directories two different passwords', async () => {
    const one = await loadOrCreateGeneratedAdmin(mkdtempSync(path.join(tmpdir(), 'admin-a-')));
    const other = await loadOrCreateGeneratedAdmin(mkdtempSync(path.join(tmpdir(), 'admin-b-')));
    expect(one.password).not.toBe(other.password);
  });

  it('refuses a credentials file other users can read, naming DATA_DIR and the chmod', async () => {
    if (process.platform === 'win32') return;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'generated-admin-open-'));
    await loadOrCreateGeneratedAdmin(dataDir);
    const file = generatedAdminPath(dataDir);
    chmodSync(file, 0o644);
    await expect(loadOrCreateGeneratedAdmin(dataDir)).rejects.toThrow(
      `DATA_DIR: permissions 0644 for ${file} are too open: other users could read the secrets; run chmod 600 ${file}`,
    );
  });
});
