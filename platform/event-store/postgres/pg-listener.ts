import { Client, type ClientConfig, escapeIdentifier } from 'pg';

const MAX_BACKOFF_MS = 5_000;

/**
 * LISTEN needs a connection of its own that stays open, outside the pool. When the server drops
 * it (restart, pg_terminate_backend, network) this reconnects with capped exponential backoff and
 * reports the reconnect, so subscribers re-read whatever was notified while it was down.
 */
export class PgListener {
  private client: Client | undefined;
  private closed = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: ClientConfig,
    private readonly channel: string,
    private readonly onNotify: () => void,
    private readonly onReconnect: () => void,
  ) {}

  /** Never throws: if the server is unreachable it keeps retrying in the background. */
  async start(): Promise<void> {
    await this.connect(false);
  }

  async stop(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(isReconnect: boolean): Promise<void> {
    const client = new Client({ ...this.config, keepAlive: true });
    let lost = false;
    const onLost = (): void => {
      if (lost) return;
      lost = true;
      void client.end().catch(() => undefined);
      if (this.client === client) this.client = undefined;
      this.scheduleReconnect();
    };
    client.on('notification', () => this.onNotify());
    client.on('error', onLost);
    client.on('end', onLost);
    try {
      await client.connect();
      await client.query(`LISTEN ${escapeIdentifier(this.channel)}`);
    } catch {
      onLost();
      return;
    }
    if (this.closed || lost) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    if (isReconnect) this.onReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer !== undefined) return;
    const delay = Math.min(MAX_BACKOFF_MS, 100 * 2 ** this.failures++);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.closed) void this.connect(true);
    }, delay);
    this.retryTimer.unref();
  }
}
