import { type logCreator, logLevel } from 'kafkajs';
import { type Logger } from 'pino';

/** kafkajs logs at WARN and above only: its INFO lines narrate every join and fetch. */
export const KAFKAJS_LOG_LEVEL = logLevel.WARN;

/**
 * Routes kafkajs' own log lines into the process's pino logger (JSON, redacted), instead of
 * kafkajs' console output. Its errors stay errors; everything else arrives as a warning.
 */
export function kafkaLogCreator(logger: Logger): logCreator {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }) => {
      // kafkajs puts its own timestamp and logger name in; pino has both already.
      const { message, timestamp: _timestamp, logger: _name, ...details } = log;
      const line = `${namespace}: ${message}`;
      if (level === logLevel.ERROR) kafkaLogger.error(details, line);
      else kafkaLogger.warn(details, line);
    };
}
