import { randomUUID } from 'node:crypto';
import { type MailAddress, header, parseAddresses, parseMail } from './mime';

/** A received message in Mailpit's JSON shape (the subset our tests read). */
export interface StoredMessage {
  ID: string;
  MessageID: string;
  Read: boolean;
  From: MailAddress;
  To: MailAddress[];
  Cc: MailAddress[];
  Bcc: MailAddress[];
  ReplyTo: MailAddress[];
  ReturnPath: string;
  Subject: string;
  Date: string;
  Created: string;
  Tags: string[];
  Size: number;
  Attachments: number;
  Snippet: string;
  Text: string;
  HTML: string;
  raw: Buffer;
}

export interface Envelope {
  mailFrom: string;
  rcptTo: string[];
}

/** The sink's inbox, newest first like Mailpit's. */
export class MessageStore {
  private messages: StoredMessage[] = [];

  add(raw: Buffer, envelope: Envelope): StoredMessage {
    const mail = parseMail(raw);
    const to = parseAddresses(header(mail.headers, 'to'));
    const cc = parseAddresses(header(mail.headers, 'cc'));
    const listed = new Set([...to, ...cc].map((a) => a.Address.toLowerCase()));
    const date = new Date(header(mail.headers, 'date') || Date.now());
    const message: StoredMessage = {
      ID: randomUUID(),
      MessageID: header(mail.headers, 'message-id').replace(/^<|>$/g, ''),
      Read: false,
      From: parseAddresses(header(mail.headers, 'from'))[0] ?? {
        Name: '',
        Address: envelope.mailFrom,
      },
      To: to,
      Cc: cc,
      // Like Mailpit: envelope recipients that no header names.
      Bcc: envelope.rcptTo
        .filter((address) => !listed.has(address.toLowerCase()))
        .map((address) => ({ Name: '', Address: address })),
      ReplyTo: parseAddresses(header(mail.headers, 'reply-to')),
      ReturnPath: envelope.mailFrom,
      Subject: header(mail.headers, 'subject'),
      Date: (isNaN(date.getTime()) ? new Date() : date).toISOString(),
      Created: new Date().toISOString(),
      Tags: [],
      Size: raw.length,
      Attachments: mail.attachments,
      Snippet: (mail.text || mail.html.replace(/<[^>]*>/g, ' '))
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 250),
      Text: mail.text,
      HTML: mail.html,
      raw,
    };
    this.messages.unshift(message);
    return message;
  }

  list(): StoredMessage[] {
    return [...this.messages];
  }

  get(id: string): StoredMessage | undefined {
    return id === 'latest' ? this.messages[0] : this.messages.find((m) => m.ID === id);
  }

  delete(ids?: string[]): void {
    this.messages = ids ? this.messages.filter((m) => !ids.includes(m.ID)) : [];
  }
}
