import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generatedAdminPath } from '../../platform/auth/generated-admin';
import { outboxDir } from '../../platform/mail';
import { runCli } from '../cli/run-cli.testing';
import { freePort } from '../harness/runtime/net';
import { header, parseAddresses, parseMail } from '../harness/smtp/mime';
import {
  type ShopstreamProcess,
  spawnShopstream,
  waitUntilAnswering,
} from '../system/shopstream-process.testing';
import {
  describeShopstreamStory,
  type StoryMail,
  type StoryTarget,
} from './shopstream-story.testing';

const ALERT_EMAIL = 'stock-alerts@example.test';
// Short, so the story's unpaid order expires soon; long enough that a loaded machine still pays
// and cancels the other orders well inside it.
const RESERVATION_TTL_SECONDS = 10;

/**
 * The story against `shopstream start` (what `npm start` runs) as a new user runs it: nothing
 * configured but a temp DATA_DIR, free ports, the alert address and a short TTL. The admin is
 * the generated one `start` keeps in DATA_DIR/secrets/admin.json; mails are the .eml files it
 * writes to DATA_DIR/outbox.
 */
describeShopstreamStory('the SPEC story: npm start on the embedded default', openEmbedded);

async function openEmbedded(): Promise<StoryTarget> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'shopstream-story-'));
  const env = {
    DATA_DIR: dataDir,
    WRITE_API_PORT: String(await freePort()),
    READ_API_PORT: String(await freePort()),
    ALERT_EMAIL,
    RESERVATION_TTL_SECONDS: String(RESERVATION_TTL_SECONDS),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
  };
  const writeUrl = `http://127.0.0.1:${env.WRITE_API_PORT}`;
  const readUrl = `http://127.0.0.1:${env.READ_API_PORT}`;
  const start = async () => {
    const started = await spawnShopstream(['start'], env);
    await waitUntilAnswering(started, `${writeUrl}/health/ready`);
    await waitUntilAnswering(started, `${readUrl}/health/ready`);
    return started;
  };
  let shop: ShopstreamProcess = await start();
  const admin = JSON.parse(await readFile(generatedAdminPath(dataDir), 'utf8'));

  return {
    writeUrl,
    readUrl,
    admin: { email: admin.email, password: admin.password },
    alertEmail: ALERT_EMAIL,
    reservationTtlSeconds: RESERVATION_TTL_SECONDS,
    mailsTo: (address) => outboxMailsTo(dataDir, address),
    // Until the CLI can work through a running `start` (it refuses while `start` holds
    // DATA_DIR), the rebuild runs as an operator would run it offline: stop, rebuild, start.
    async rebuildAll() {
      await shop.stop('SIGTERM');
      const { code, stdout, stderr } = await runCli(['projections', 'rebuild', 'all'], env);
      shop = await start();
      return { code: code ?? -1, stdout, stderr };
    },
    async close() {
      await shop.stop('SIGTERM');
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The mails in DATA_DIR/outbox addressed to `address`, as a mail client would show them. */
async function outboxMailsTo(dataDir: string, address: string): Promise<StoryMail[]> {
  const dir = outboxDir(dataDir);
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.eml'));
  const mails = await Promise.all(
    files.map(async (file) => parseMail(await readFile(path.join(dir, file)))),
  );
  return mails
    .filter((mail) =>
      parseAddresses(header(mail.headers, 'to')).some(
        (to) => to.Address.toLowerCase() === address.toLowerCase(),
      ),
    )
    .map((mail) => ({ subject: header(mail.headers, 'subject'), text: mail.text }));
}
