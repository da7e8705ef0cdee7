import { type AddressInfo } from 'node:net';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type Logger } from 'pino';
import { type Registry } from 'prom-client';
import { ConfigError } from '../config/config-error';
import { type DrainState } from './request-observer';

export type HttpAppSettings = {
  logger: Logger;
  registry: Registry;
  drain: DrainState;
  host: string;
  port: number;
  portVariable: string;
  shutdownTimeoutMs: number;
  onClose?: () => Promise<void>;
};

/**
 * A running (or ready-to-run) HTTP API. The process entry point calls `listen()`, and
 * `close()` on SIGTERM/SIGINT; tests use `nest.inject()` without a port.
 */
export class HttpApp {
  private closing?: Promise<void>;

  constructor(
    readonly nest: NestFastifyApplication,
    private readonly settings: HttpAppSettings,
  ) {}

  get metrics(): Registry {
    return this.settings.registry;
  }

  get logger(): Logger {
    return this.settings.logger;
  }

  /** Binds the port; resolves with the base URL. A port it cannot bind is a ConfigError. */
  async listen(): Promise<string> {
    const { host, port, portVariable } = this.settings;
    const fastify = this.nest.getHttpAdapter().getInstance();
    try {
      await fastify.listen({ host, port });
    } catch (error) {
      // Release what was opened for nothing; the listen error is the one worth reporting.
      await this.close().catch((closeError: unknown) =>
        this.logger.warn({ err: closeError }, 'closing after a failed listen failed too'),
      );
      throw listenError(error, portVariable, port);
    }
    const bound = fastify.server.address() as AddressInfo;
    const shownHost = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
    return `http://${shownHost}:${bound.port}`;
  }

  /**
   * Graceful shutdown: stop accepting connections, let in-flight requests finish (cutting
   * the stragglers after `shutdownTimeoutMs`), then run Nest's shutdown hooks and `onClose`,
   * so dependencies close only once nothing uses them. Nest's own close() would run the
   * module-destroy hooks first, while requests still run. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const { logger, drain, shutdownTimeoutMs, onClose } = this.settings;
    drain.draining = true;
    const fastify = this.nest.getHttpAdapter().getInstance();
    const timer = setTimeout(() => {
      logger.warn(
        { shutdownTimeoutMs },
        'requests still running at shutdown deadline; cutting them',
      );
      fastify.server.closeAllConnections();
    }, shutdownTimeoutMs);
    try {
      await fastify.close();
    } finally {
      clearTimeout(timer);
    }
    await this.nest.close();
    await onClose?.();
  }
}

function listenError(error: unknown, variable: string, port: number): unknown {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return new ConfigError(variable, `port ${port} is already in use`);
    case 'EACCES':
      return new ConfigError(variable, `port ${port} needs privileges this process does not have`);
    default:
      return error;
  }
}
