import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../harness/runtime/net';
import { send } from '../e2e/write-api.testing';
import { type ShopstreamProcess, spawnShopstream } from '../system/shopstream-process.testing';
import { runCli } from './run-cli.testing';

/**
 * What a newcomer sees after `npm start` with nothing configured: one banner with the URLs, what
 * runs embedded, and a generated admin account whose password is shown once, works over HTTP,
 * and is neither regenerated nor shown again on the next start.
 */
describe('shopstream start: the ready banner and the generated admin', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let shop: ShopstreamProcess | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'shopstream-banner-'));
    env = {
      DATA_DIR: dataDir,
      WRITE_API_PORT: String(await freePort()),
      READ_API_PORT: String(await freePort()),
    };
  });
  afterEach(async () => {
    await shop?.stop('SIGTERM');
    shop = undefined;
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const startAndWaitFor = async (marker: string, extra: Record<string, string>) => {
    const started = await spawnShopstream(['start'], { ...env, ...extra });
    shop = started;
    for (;;) {
      if (started.output().includes(marker)) return started;
      if (started.hasExited()) throw new Error(`start exited:\n${started.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const logIn = (email: string, password: string) =>
    send(`http://127.0.0.1:${env.WRITE_API_PORT}`, 'POST', '/auth/login', {
      body: { email, password },
    });

  let email: string;
  let password: string;

  it('prints the banner on the first start, with a generated admin password that logs in', async () => {
    const started = await startAndWaitFor('Shopstream is ready.', { LOG_FORMAT: 'pretty' });
    const banner = started.output().slice(started.output().indexOf('Shopstream is ready.'));
    const row = (label: string) => new RegExp(`^  ${label} +(.+)$`, 'm').exec(banner)?.[1];

    expect(row('Write API')).toBe(
      `http://localhost:${env.WRITE_API_PORT}  (docs: http://localhost:${env.WRITE_API_PORT}/docs)`,
    );
    expect(row('Read API')).toBe(
      `http://localhost:${env.READ_API_PORT}  (docs: http://localhost:${env.READ_API_PORT}/docs)`,
    );
    expect(row('Data directory')).toBe(dataDir);
    expect(row('Event store')).toBe('PGlite, embedded');
    expect(row('Message bus')).toBe('in-process, embedded');
    expect(row('Mail')).toBe(`.eml files in ${path.join(dataDir, 'outbox')}`);
    email = row('Admin') as string;
    const secretsFile = path.join(dataDir, 'secrets', 'admin.json');
    const passwordRow = row('Password') as string;
    expect(passwordRow).toMatch(
      new RegExp(`^\\S{32}  \\(shown this once; kept in ${secretsFile.replace(/\./g, '\\.')}\\)$`),
    );
    password = passwordRow.split(' ')[0];
    // Pretty lines, not JSON: no line of the output is a JSON object.
    expect(
      started
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{"')),
    ).toEqual([]);

    expect((await stat(secretsFile)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(secretsFile))).mode & 0o777).toBe(0o700);
    const login = await logIn(email, password);
    expect(login.status).toBe(200);
    const wrong = await send(`http://127.0.0.1:${env.WRITE_API_PORT}`, 'POST', '/auth/login', {
      body: { email, password: `${password}x` },
    });
    expect(wrong.status).toBe(401);
  }, 120_000);

  it('on a restart, piped, writes JSON lines, keeps the same admin and never shows the password', async () => {
    const stored = await readFile(path.join(dataDir, 'secrets', 'admin.json'), 'utf8');
    const started = await startAndWaitFor('"msg":"shopstream ready"', {});
    const lines = started
      .output()
      .split('\n')
      .filter((line) => line !== '');
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const ready = lines.map((line) => JSON.parse(line)).find((l) => l.msg === 'shopstream ready');
    expect(ready.admin).toEqual({
      email,
      source: 'generated',
      passwordFile: path.join(dataDir, 'secrets', 'admin.json'),
    });
    expect(ready.apis.map((api: { name: string }) => api.name)).toEqual(['write API', 'read API']);
    expect(started.output()).not.toContain(password);
    expect(await readFile(path.join(dataDir, 'secrets', 'admin.json'), 'utf8')).toBe(stored);
    expect((await logIn(email, password)).status).toBe(200);
  }, 120_000);

  it('stops on a bad LOG_FORMAT with one line naming it', async () => {
    const result = await runCli(['start'], { ...env, LOG_FORMAT: 'yaml' });
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toBe(
      'shopstream: LOG_FORMAT: must be one of json, pretty, got "yaml"',
    );
  }, 60_000);
});
