import pino, { type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { type LogFormat } from './log-format';
import { redactSecrets } from './redact';

export type { Logger } from 'pino';

export type LoggerOptions = {
  /** The process name (`write-api`, `projections`, ...), on every line. */
  name: string;
  level?: LevelWithSilent;
  /** Where lines go; stdout by default. Tests pass a stream to read them back. */
  destination?: DestinationStream;
  /** JSON lines (the default) or readable lines for a terminal (see log-format.ts). */
  format?: LogFormat;
};

/**
 * The structured logger every process uses: one JSON object per line, level as a label, ISO
 * time, and secrets (passwords, tokens, Authorization headers) redacted at any depth in both
 * the logged objects and child-logger bindings. The pretty format renders the same objects,
 * redacted the same way, as one readable line each.
 */
export function createLogger({
  name,
  level = 'info',
  destination,
  format = 'json',
}: LoggerOptions): Logger {
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
  // are not lost; the pretty stream writes synchronously too.
  const target = format === 'pretty' ? prettyStream(destination) : destination;
  return redactingChildBindings(target ? pino(options, target) : pino(options));
}

/**
 * Formats each JSON line in the process with pino-pretty's formatter and writes it on at once,
 * instead of through pino's transport worker thread, which may drop the last lines on exit.
 */
function prettyStream(destination: DestinationStream | undefined): DestinationStream {
  const target = destination ?? pino.destination({ fd: 1, sync: true });
  const prettify = prettyFactory({
    colorize: destination === undefined && process.stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss',
    singleLine: true,
    // One process, one host: repeating them on every line is noise for the reader.
    ignore: 'pid,hostname,name',
  });
  return { write: (line: string) => void target.write(prettify(line)) };
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
