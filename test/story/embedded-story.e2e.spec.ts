import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generatedAdminPath } from '../../platform/auth/generated-admin';
import { outboxDir } from '../../platform/mail';
import { runCli } from '../cli/run-cli.testing';
import { freePort } from '../harness/runtime/net';
import { header, parseAddresses, parseMail } from '../harness/smtp/mime';
import { spawnShopstream, waitUntilAnswering } from '../system/shopstream-process.testing';
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
  const shop = await spawnShopstream(['start'], env);
  await waitUntilAnswering(shop, `${writeUrl}/health/ready`);
  await waitUntilAnswering(shop, `${readUrl}/health/ready`);
  const admin = JSON.parse(await readFile(generatedAdminPath(dataDir), 'utf8'));

  return {
    writeUrl,
    readUrl,
    admin: { email: admin.email, password: admin.password },
    alertEmail: ALERT_EMAIL,
    reservationTtlSeconds: RESERVATION_TTL_SECONDS,
    mailsTo: (address) => outboxMailsTo(dataDir, address),
    // Beside the running `start`, as an operator runs it: the CLI sends the command through the
    // process that holds DATA_DIR (its control socket) and streams back the output.
    async rebuildAll() {
      const { code, stdout, stderr } = await runCli(['projections', 'rebuild', 'all'], env);
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
