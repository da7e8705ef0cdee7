/**
 * The outgoing-mail port. Two adapters: SMTP (`SMTP_URL`) and the embedded outbox, `.eml` files
 * under `DATA_DIR/outbox` (./open-mailer.ts picks one).
 */
export type OutgoingMail = Readonly<{
  /** `<key@shopstream>`: stable per notification (see `messageIdFor`). */
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}>;

export interface Mailer {
  /** Resolves once the mail is handed over (accepted by the server, or on disk); rejects otherwise. */
  send(mail: OutgoingMail): Promise<void>;
  /** Checks at start that mail can be handed over (the server answers, the folder is writable). */
  verify(): Promise<void>;
  close(): Promise<void>;
}

const MESSAGE_ID_DOMAIN = 'shopstream';
const MESSAGE_ID_KEY = /^[A-Za-z0-9._-]{1,200}$/;

/**
 * The Message-ID of a notification's mail. The same on every attempt, so if a worker dies after
 * the server accepted a mail and before that was recorded, the resend is recognisable as the
 * same message (and mail clients that deduplicate by Message-ID show it once).
 */
export function messageIdFor(key: string): string {
  if (!MESSAGE_ID_KEY.test(key)) {
    throw new Error(`"${key}" cannot name a Message-ID (letters, digits, ".", "_", "-")`);
  }
  return `<${key}@${MESSAGE_ID_DOMAIN}>`;
}

/** The key a Message-ID was made from (`messageIdFor`'s inverse), or an error for any other. */
export function keyOfMessageId(messageId: string): string {
  const match = /^<([^@<>]+)@([^@<>]+)>$/.exec(messageId);
  if (!match || match[2] !== MESSAGE_ID_DOMAIN || !MESSAGE_ID_KEY.test(match[1])) {
    throw new Error(`${messageId} is not a Message-ID made by messageIdFor`);
  }
  return match[1];
}
