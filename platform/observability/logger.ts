import pino, { type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { redactSecrets } from './redact';

export type { Logger } from 'pino';

export type LoggerOptions = {
  /** The process name (`write-api`, `projections`, ...), on every line. */
  name: string;
  level?: LevelWithSilent;
  /** Where lines go; stdout by default. Tests pass a stream to read them back. */
  destination?: DestinationStream;
};

/**
 * The structured JSON logger every process uses: one JSON object per line, level as a label,
 * ISO time, and secrets (passwords, tokens, Authorization headers) redacted at any depth in
 * both the logged objects and child-logger bindings.
 */
export function createLogger({ name, level = 'info', destination }: LoggerOptions): Logger {
  const options: pino.LoggerOptions = {
    name,
    level,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (object) => redactSecrets(object),
    },
  };
  // pino's default destination writes stdout synchronously, so the last lines before an exit
  // are not lost.
  return redactingChildBindings(destination ? pino(options, destination) : pino(options));
}

/**
 * pino's `formatters.bindings` only sees the root logger's bindings, not a child's
 * (`logger.child({ command })`). Children inherit `child` from their parent through the
 * prototype chain, so replacing it on the root covers every descendant.
 */
function redactingChildBindings(logger: Logger): Logger {
  const child = logger.child;
  logger.child = function (this: Logger, bindings, options) {
    return child.call(this, redactSecrets(bindings), options);
  } as Logger['child'];
  return logger;
}
