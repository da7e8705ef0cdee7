/**
 * Just enough MIME to read what our mailer sends (RFC 5322 headers, RFC 2047 words, multipart,
 * base64 and quoted-printable), so the sink can show Text and HTML like Mailpit does.
 */
export interface MailAddress {
  Name: string;
  Address: string;
}

export interface ParsedMail {
  headers: Map<string, string[]>;
  text: string;
  html: string;
  attachments: number;
}

export function parseMail(raw: Buffer): ParsedMail {
  const mail: ParsedMail = { headers: new Map(), text: '', html: '', attachments: 0 };
  const root = parseEntity(raw.toString('latin1'));
  mail.headers = root.headers;
  collectBodies(root, mail);
  return mail;
}

export function header(headers: Map<string, string[]>, name: string): string {
  return decodeWords(headers.get(name.toLowerCase())?.[0] ?? '');
}

/** "Ann <a@x.org>, b@y.org" -> [{Name: 'Ann', Address: 'a@x.org'}, {Name: '', Address: 'b@y.org'}] */
export function parseAddresses(value: string): MailAddress[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (const char of value) {
    if (char === '"') quoted = !quoted;
    else if (char === '<' && !quoted) angle = true;
    else if (char === '>' && !quoted) angle = false;
    if (char === ',' && !quoted && !angle) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const match = /^(.*?)\s*<([^>]*)>\s*$/.exec(part);
      if (!match) return { Name: '', Address: part };
      const name = match[1]
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .replace(/\\(.)/g, '$1');
      return { Name: decodeWords(name), Address: match[2].trim() };
    });
}

interface Entity {
  headers: Map<string, string[]>;
  /** The body as latin1 text: one char per byte, so it can be re-encoded losslessly. */
  body: string;
}

function parseEntity(source: string): Entity {
  const split = /\r?\n\r?\n/.exec(source);
  const head = split ? source.slice(0, split.index) : source;
  const body = split ? source.slice(split.index + split[0].length) : '';
  const headers = new Map<string, string[]>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return { headers, body };
}

function collectBodies(entity: Entity, mail: ParsedMail): void {
  const type = parseParams(entity.headers.get('content-type')?.[0] ?? 'text/plain');
  const disposition = entity.headers.get('content-disposition')?.[0] ?? '';
  if (type.value.startsWith('multipart/') && type.params.boundary) {
    for (const part of splitMultipart(entity.body, type.params.boundary)) {
      collectBodies(parseEntity(part), mail);
    }
    return;
  }
  const isAttachment = /^\s*attachment/i.test(disposition);
  if (!isAttachment && type.value === 'text/plain' && !mail.text) {
    mail.text = decodeBody(entity, type.params.charset);
  } else if (!isAttachment && type.value === 'text/html' && !mail.html) {
    mail.html = decodeBody(entity, type.params.charset);
  } else {
    mail.attachments += 1;
  }
}

function splitMultipart(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  const lines = body.split(/\r?\n/);
  let current: string[] | undefined;
  for (const line of lines) {
    if (line.trimEnd() === `${delimiter}--`) break;
    if (line.trimEnd() === delimiter) {
      if (current) parts.push(current.join('\r\n'));
      current = [];
    } else if (current) {
      current.push(line);
    }
  }
  if (current) parts.push(current.join('\r\n'));
  return parts;
}

function decodeBody(entity: Entity, charset = 'utf-8'): string {
  const encoding = (entity.headers.get('content-transfer-encoding')?.[0] ?? '7bit').toLowerCase();
  let bytes: Buffer;
  if (encoding === 'base64') bytes = Buffer.from(entity.body.replace(/\s+/g, ''), 'base64');
  else if (encoding === 'quoted-printable') bytes = decodeQuotedPrintable(entity.body);
  else bytes = Buffer.from(entity.body, 'latin1');
  return decodeCharset(bytes, charset).replace(/\r\n/g, '\n');
}

function decodeQuotedPrintable(text: string): Buffer {
  const unfolded = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < unfolded.length; i++) {
    const hex = unfolded.slice(i + 1, i + 3);
    if (unfolded[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(unfolded.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047: =?utf-8?B?...?= and =?utf-8?Q?...?=, adjacent words joined without the space. */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?*]+)(?:\*[^?]*)?\?([BbQq])\?([^?]*)\?=/g, (_word, charset, kind, text) => {
      const bytes =
        kind.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : decodeQuotedPrintable(text.replace(/_/g, ' '));
      return decodeCharset(bytes, charset);
    });
}

function decodeCharset(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset.toLowerCase()).decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

function parseParams(value: string): { value: string; params: Record<string, string> } {
  const [first, ...rest] = value.split(';');
  const params: Record<string, string> = {};
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    const key = param.slice(0, eq).trim().toLowerCase();
    params[key] = param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  return { value: first.trim().toLowerCase(), params };
}
