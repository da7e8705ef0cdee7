import { createRedactor, REDACTED, redactSecrets } from './redact';

describe('redactSecrets', () => {
  it('redacts secret keys at any depth, in objects and arrays, case-insensitively', () => {
    const logged = {
      user: { email: 'a@b.co', password: 'p1' },
      commands: [{ change: { currentPassword: 'p2', newPassword: 'p3' } }],
      headers: { Authorization: 'Bearer t1', accept: 'json' },
      tokens: { accessToken: 't2', refreshToken: 't3', token: 't4' },
    };
    expect(redactSecrets(logged)).toEqual({
      user: { email: 'a@b.co', password: REDACTED },
      commands: [{ change: { currentPassword: REDACTED, newPassword: REDACTED } }],
      headers: { Authorization: REDACTED, accept: 'json' },
      tokens: { accessToken: REDACTED, refreshToken: REDACTED, token: REDACTED },
    });
  });

  it('leaves the logged object untouched', () => {
    const logged = { password: 'p1' };
    redactSecrets(logged);
    expect(logged.password).toBe('p1');
  });

  it('walks class instances such as DTOs', () => {
    class LoginDto {
      email = 'a@b.co';
      password = 'p1';
    }
    expect(redactSecrets({ body: new LoginDto() })).toEqual({
      body: { email: 'a@b.co', password: REDACTED },
    });
  });

  it('keeps an error recognisable (type, message, stack) while redacting its properties', () => {
    class DriverError extends Error {
      config = { headers: { authorization: 'Bearer t1' } };
    }
    const original = new DriverError('request failed', { cause: new Error('socket hang up') });
    const copy = redactSecrets({ err: original }).err;
    expect(copy).toBeInstanceOf(DriverError);
    expect(copy.message).toBe('request failed');
    expect(copy.stack).toBe(original.stack);
    expect((copy.cause as Error).message).toBe('socket hang up');
    expect(copy.config).toEqual({ headers: { authorization: REDACTED } });
    expect(original.config.headers.authorization).toBe('Bearer t1');
  });

  it('survives cycles, bounds depth and keeps dates', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    expect(redactSecrets(cyclic)).toEqual({ name: 'a', self: '[Circular]' });

    let deep: Record<string, unknown> = { password: 'p' };
    for (let i = 0; i < 20; i++) deep = { next: deep };
    expect(JSON.stringify(redactSecrets(deep))).not.toContain('"p"');

    const at = new Date('2026-01-01T00:00:00Z');
    expect(redactSecrets({ at }).at).toBe(at);
    const shared = { x: 1 };
    expect(redactSecrets({ a: shared, b: shared })).toEqual({ a: { x: 1 }, b: { x: 1 } });
  });

  it('accepts its own list of keys', () => {
    expect(createRedactor(['pin'])({ PIN: '1234', password: 'p' })).toEqual({
      PIN: REDACTED,
      password: 'p',
    });
  });
});
