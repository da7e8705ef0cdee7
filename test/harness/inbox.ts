import { SMTP_SINK_ENV } from './service';

/** A message as listed by Mailpit's GET /api/v1/messages (and our in-process sink). */
export interface InboxSummary {
  ID: string;
  MessageID: string;
  From: { Name: string; Address: string };
  To: { Name: string; Address: string }[];
  Cc?: { Name: string; Address: string }[];
  Bcc?: { Name: string; Address: string }[];
  Subject: string;
  Created: string;
  Snippet?: string;
}

/** A message as returned by GET /api/v1/message/{ID}. */
export interface InboxMessage extends Omit<InboxSummary, 'Snippet'> {
  Text: string;
  HTML: string;
  Date: string;
}

export interface SinkInbox {
  readonly url: string;
  /** Newest first. */
  list(): Promise<InboxSummary[]>;
  get(id: string): Promise<InboxMessage>;
  /** Polls until a listed message matches, then returns it in full; fails after `timeoutMs`. */
  waitFor(
    matches: (message: InboxSummary) => boolean,
    options?: { timeoutMs?: number; intervalMs?: number },
  ): Promise<InboxMessage>;
  /** Deletes these messages. */
  delete(ids: string[]): Promise<void>;
  /** Deletes every message (the inbox is shared by all test files: prefer unique recipients). */
  clear(): Promise<void>;
}

/** Why the inbox cannot be read in this run, or undefined when it can. */
export function inboxUnavailableReason(): string | undefined {
  if (process.env[SMTP_SINK_ENV]) return undefined;
  if (process.env.SMTP_URL) {
    return `SMTP_URL is set but ${SMTP_SINK_ENV} is not, so received mail cannot be read (point ${SMTP_SINK_ENV} at a Mailpit API, e.g. http://localhost:8025)`;
  }
  return `${SMTP_SINK_ENV} is not set: run through jest's integration project (test/harness/global-setup.ts)`;
}

/** The inbox behind SMTP_SINK_URL (Mailpit's API or the harness's in-process sink). */
export function sinkInbox(): SinkInbox {
  const reason = inboxUnavailableReason();
  if (reason) throw new Error(reason);
  const url = process.env[SMTP_SINK_ENV]!.replace(/\/+$/, '');
  const call = async (method: string, path: string, body?: unknown): Promise<Response> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      throw new Error(`${method} ${url}${path}: ${response.status} ${await response.text()}`);
    }
    return response;
  };
  const inbox: SinkInbox = {
    url,
    async list() {
      const body = (await (await call('GET', '/api/v1/messages?limit=1000')).json()) as {
        messages: InboxSummary[];
      };
      return body.messages;
    },
    async get(id) {
      return (await (
        await call('GET', `/api/v1/message/${encodeURIComponent(id)}`)
      ).json()) as InboxMessage;
    },
    async waitFor(matches, { timeoutMs = 10_000, intervalMs = 100 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await inbox.list()).find(matches);
        if (found) return inbox.get(found.ID);
        if (Date.now() > deadline) {
          throw new Error(`no message in ${url} matched within ${timeoutMs} ms`);
        }
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    },
    async delete(ids) {
      if (ids.length > 0) await call('DELETE', '/api/v1/messages', { IDs: ids });
    },
    async clear() {
      await call('DELETE', '/api/v1/messages');
    },
  };
  return inbox;
}

/**
 * A test that reads the inbox; when it cannot be read, the test is skipped with one loud line
 * saying why (never a silent pass).
 */
export function itWithInbox(
  name: string,
  fn: (inbox: SinkInbox) => Promise<void>,
  timeoutMs?: number,
): void {
  const reason = inboxUnavailableReason();
  if (reason) {
    console.warn(`SKIPPED "${name}": ${reason}`);
    it.skip(`${name} (SKIPPED: ${reason})`, () => undefined);
    return;
  }
  it(name, () => fn(sinkInbox()), timeoutMs);
}
