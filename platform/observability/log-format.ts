import { ConfigError } from '../config/config-error';

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/**
 * LOG_FORMAT when set; otherwise readable lines for a person at a terminal and JSON lines for
 * anything else (a pipe, a file, a log collector), as pino's own docs advise: pretty printing
 * is for development, machines want one JSON object a line.
 */
export function logFormat(raw: string | undefined, stdoutIsTerminal: boolean): LogFormat {
  if (raw === undefined || raw === '') return stdoutIsTerminal ? 'pretty' : 'json';
  const format = LOG_FORMATS.find((f) => f === raw);
  if (!format) {
    throw new ConfigError('LOG_FORMAT', `must be one of ${LOG_FORMATS.join(', ')}, got "${raw}"`);
  }
  return format;
}
