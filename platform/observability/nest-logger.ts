import { type LoggerService } from '@nestjs/common';
import { type Logger } from 'pino';

/**
 * Routes Nest's own messages (bootstrap, route mapping, DI failures) into the process logger,
 * so a process writes one format. Nest's `log` level is mostly start-up chatter (one line per
 * mapped route), hence debug; its warnings and errors keep their level.
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }

  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }

  debug(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }

  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }

  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, context);
  }

  /** Nest calls error(message, stack, context) or error(error, context). */
  error(message: unknown, stackOrContext?: string, context?: string): void {
    const hasStack = context !== undefined;
    const stack = hasStack ? stackOrContext : undefined;
    this.write('error', message, hasStack ? context : stackOrContext, stack);
  }

  private write(
    level: 'trace' | 'debug' | 'warn' | 'error' | 'fatal',
    message: unknown,
    context?: string,
    stack?: string,
  ): void {
    if (message instanceof Error) {
      this.logger[level]({ context, err: message }, message.message);
    } else if (typeof message === 'string') {
      this.logger[level]({ context, stack }, message);
    } else {
      this.logger[level]({ context, stack, detail: message }, 'nest');
    }
  }
}
