import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import { type Logger } from 'pino';
import { writeSyncedTempFile } from '../files/synced-temp-file';
import { type Mailer, type OutgoingMail, keyOfMessageId } from './mailer';

/**
 * The embedded default: each mail is written as a complete RFC 5322 message (what an SMTP server
 * would have received, CRLF line ends) to `<dir>/<key>.eml`, where the key is the Message-ID's
 * local part, the notification id. A resend replaces the file instead of adding a second one,
 * and the write goes through a temp file and a rename, so a reader never sees half a mail.
 */
export function createOutboxMailer(dir: string, logger: Logger): Mailer {
  const composer = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    async send(mail: OutgoingMail) {
      const file = path.join(dir, `${keyOfMessageId(mail.messageId)}.eml`);
      const { message } = await composer.sendMail({ ...mail });
      await mkdir(dir, { recursive: true });
      await writeAtomically(file, message as Buffer);
      logger.info(
        { messageId: mail.messageId, to: mail.to, subject: mail.subject, file },
        'mail written to the outbox',
      );
    },
    async verify() {
      await mkdir(dir, { recursive: true });
      // Temp files of a write that died half-way are never renamed; clear them at start.
      const stale = (await readdir(dir)).filter((name) => name.endsWith('.tmp'));
      await Promise.all(stale.map((name) => rm(path.join(dir, name), { force: true })));
    },
    async close() {
      composer.close();
    },
  };
}

async function writeAtomically(file: string, content: Buffer): Promise<void> {
  const temp = await writeSyncedTempFile(file, content);
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
