import { type QueryClient, type Statement } from '../postgres/query-client';

/**
 * Wraps a QueryClient so a test can make "the server drop the connection": the next queries fail
 * with the error PostgreSQL sends to a backend killed by pg_terminate_backend (SQLSTATE 57P01).
 * Used for PGlite, which runs in-process and has no server connection to kill.
 */
export class ConnectionDroppingClient implements QueryClient {
  private failuresLeft = 0;

  constructor(private readonly inner: QueryClient) {}

  /** The next `count` queries fail as if their connection had been terminated. */
  dropConnections(count = 2): void {
    this.failuresLeft = count;
  }

  async query<Row extends object>(
    statement: Statement,
    values: readonly unknown[],
  ): Promise<Row[]> {
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw Object.assign(new Error('terminating connection due to administrator command'), {
        code: '57P01',
      });
    }
    return this.inner.query<Row>(statement, values);
  }

  exec(script: string): Promise<void> {
    return this.inner.exec(script);
  }

  listen(
    channel: string,
    onNotify: () => void,
    onReconnect: () => void,
  ): Promise<() => Promise<void>> {
    return this.inner.listen(channel, onNotify, onReconnect);
  }

  notify(channel: string): Promise<void> {
    return this.inner.notify(channel);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
