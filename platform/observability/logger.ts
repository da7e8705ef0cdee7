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
  const target = format === 'pretty' ? prettyStream(destination) : (destination ?? stdout());
  return redactingChildBindings(pino(options, target));
}

/**
 * Standard output, written asynchronously: a synchronous write per line cost a request about
 * as much CPU as Fastify itself (bench/README.md, "write"). Lines logged while a write is in
 * flight go out together in the next one. pino flushes what is still buffered synchronously
 * when the process exits, by process.exit() or an uncaught exception, so the last lines
 * before a crash are not lost (logger.int.spec.ts); only a SIGKILL can lose the unwritten tail.
 */
function stdout(): DestinationStream {
  return pino.destination({ fd: 1, sync: false });
}

/**
 * Formats each JSON line in the process with pino-pretty's formatter and hands it on at once,
 * instead of through pino's transport worker thread, which may drop the last lines on exit.
 */
function prettyStream(destination: DestinationStream | undefined): DestinationStream {
  const target = destination ?? stdout();
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
