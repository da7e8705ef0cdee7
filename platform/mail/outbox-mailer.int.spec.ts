import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '../observability/logger';
import { header, parseMail } from '../../test/harness/smtp/mime';
import { type OutgoingMail, messageIdFor, openMailer, outboxDir } from './index';

let dataDir: string;
const lines: Record<string, unknown>[] = [];
const logger = createLogger({
  name: 'test',
  destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
});

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'shopstream-outbox-'));
  lines.length = 0;
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

const mail = (notificationId: string, subject: string): OutgoingMail => ({
  messageId: messageIdFor(notificationId),
  from: 'Shopstream <no-reply@shopstream.test>',
  to: 'ann@example.test',
  subject,
  text: 'Total: 25.00\n2 × Espresso cup',
  html: '<p>2 × <b>Espresso cup</b></p>',
});

describe('outbox mailer (no SMTP_URL)', () => {
  it('writes each mail as DATA_DIR/outbox/<notificationId>.eml, a full message, and logs it', async () => {
    const mailer = openMailer({ dataDir }, logger);
    await mailer.verify();
    await mailer.send(mail('n-1', 'Order confirmed ✓'));

    const file = path.join(outboxDir(dataDir), 'n-1.eml');
    expect(await readdir(outboxDir(dataDir))).toEqual(['n-1.eml']);
    const raw = await readFile(file);
    expect(raw.toString('latin1')).not.toMatch(/[^\r]\n/); // RFC 5322: every line ends in CRLF
    const parsed = parseMail(raw);
    expect(header(parsed.headers, 'message-id')).toBe('<n-1@shopstream>');
    expect(header(parsed.headers, 'subject')).toBe('Order confirmed ✓');
    expect(header(parsed.headers, 'to')).toBe('ann@example.test');
    expect(header(parsed.headers, 'date')).not.toBe('');
    expect(parsed.text).toContain('2 × Espresso cup');
    expect(parsed.html).toContain('<b>Espresso cup</b>');
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'mail written to the outbox',
        messageId: '<n-1@shopstream>',
        file,
      }),
    ]);
  });

  it('replaces the file on a resend instead of adding a second one', async () => {
    const mailer = openMailer({ dataDir }, logger);
    await mailer.send(mail('n-2', 'First try'));
    await mailer.send(mail('n-3', 'Another mail'));
    await mailer.send(mail('n-2', 'Second try'));

    expect((await readdir(outboxDir(dataDir))).sort()).toEqual(['n-2.eml', 'n-3.eml']);
    const resent = parseMail(await readFile(path.join(outboxDir(dataDir), 'n-2.eml')));
    expect(header(resent.headers, 'subject')).toBe('Second try');
  });

  it('clears temp files of a write that died half-way when it starts', async () => {
    const dir = outboxDir(dataDir);
    const mailer = openMailer({ dataDir }, logger);
    await mailer.send(mail('n-4', 'Kept'));
    await writeFile(path.join(dir, 'n-5.eml.123.abcd.tmp'), 'half a mail');
    await openMailer({ dataDir }, logger).verify();
    expect(await readdir(dir)).toEqual(['n-4.eml']);
  });

  it('refuses a Message-ID it did not make, so no file name comes from elsewhere', async () => {
    const mailer = openMailer({ dataDir }, logger);
    await expect(
      mailer.send({ ...mail('n-6', 'x'), messageId: '<../../etc@shopstream>' }),
    ).rejects.toThrow(/not a Message-ID made by messageIdFor/);
    expect(() => messageIdFor('../x')).toThrow();
  });
});
