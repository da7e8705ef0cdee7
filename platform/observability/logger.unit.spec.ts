import { createLogger } from './logger';
import { REDACTED } from './redact';

function capture() {
  const lines: string[] = [];
  const logger = createLogger({
    name: 'test',
    level: 'debug',
    destination: { write: (line: string) => void lines.push(line) },
  });
  return { logger, lines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes one JSON line with a level label, ISO time and the process name', () => {
    const { logger, lines } = capture();
    logger.info({ orderId: 'o-1' }, 'placed');
    expect(lines()).toEqual([
      expect.objectContaining({ level: 'info', name: 'test', orderId: 'o-1', msg: 'placed' }),
    ]);
    expect(lines()[0].time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('serialises an error with type and stack, redacting its properties', () => {
    const { logger, lines } = capture();
    const error = Object.assign(new TypeError('boom'), { request: { password: 'p1' } });
    logger.error({ err: error }, 'failed');
    expect(lines()[0].err).toMatchObject({
      type: 'TypeError',
      message: 'boom',
      stack: expect.stringContaining('TypeError: boom'),
      request: { password: REDACTED },
    });
  });

  it('redacts child logger bindings too', () => {
    const { logger, lines } = capture();
    logger.child({ command: { refreshToken: 'r1' } }).info('refreshing');
    expect(lines()[0].command).toEqual({ refreshToken: REDACTED });
  });
});

describe('createLogger, pretty format (a terminal)', () => {
  it('writes one readable line per entry, level and message first, secrets still redacted', () => {
    const written: string[] = [];
    const logger = createLogger({
      name: 'test',
      format: 'pretty',
      destination: { write: (text: string) => void written.push(text) },
    });
    logger.info({ orderId: 'o-1', password: 'hunter2-secret' }, 'placed');
    const lines = written.join('').split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: placed \{.*"orderId":"o-1".*\}$/);
    expect(lines[0]).toContain(REDACTED);
    expect(lines[0]).not.toContain('hunter2-secret');
  });
});
