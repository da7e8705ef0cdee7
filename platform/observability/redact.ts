/**
 * Deep key-based redaction for log objects. pino's built-in `redact` needs every path spelled
 * out and has no "any depth" wildcard, but a password can sit anywhere (a logged DTO, a
 * command, a driver error's request config), so logged objects are walked instead. The walk
 * sees what JSON.stringify would write (own enumerable properties), is bounded by depth and
 * guarded against cycles, and never mutates the caller's objects.
 */
export const REDACTED = '[Redacted]';

/** Keys whose values never reach a log line, compared case-insensitively. */
export const SECRET_KEYS: readonly string[] = [
  'authorization',
  'cookie',
  'set-cookie',
  'password',
  'currentPassword',
  'newPassword',
  'refreshToken',
  'accessToken',
  'token',
];

const MAX_DEPTH = 10;

export function createRedactor(keys: readonly string[] = SECRET_KEYS): <T>(value: T) => T {
  const secret = new Set(keys.map((k) => k.toLowerCase()));

  const redact = (value: unknown, depth: number, seen: WeakSet<object>): unknown => {
    if (value === null || typeof value !== 'object') return value;
    // Dates, Buffers and the like write themselves; Maps and Sets log as {} anyway.
    if (hasToJson(value) || value instanceof Map || value instanceof Set) return value;
    if (seen.has(value)) return '[Circular]';
    if (depth >= MAX_DEPTH) return '[Truncated]';
    seen.add(value);
    try {
      const inner = (item: unknown) => redact(item, depth + 1, seen);
      if (Array.isArray(value)) return value.map(inner);
      const copy: Record<string, unknown> = value instanceof Error ? errorShell(value, inner) : {};
      for (const [key, item] of Object.entries(value)) {
        copy[key] = secret.has(key.toLowerCase()) ? REDACTED : inner(item);
      }
      return copy;
    } finally {
      // The same object logged twice side by side is not a cycle.
      seen.delete(value);
    }
  };

  return <T>(value: T): T => redact(value, 0, new WeakSet()) as T;
}

/**
 * A copy of an error without its enumerable properties: same prototype, message, stack and
 * cause, so pino's error serializer still recognises it and prints its type and stack.
 */
function errorShell(error: Error, inner: (item: unknown) => unknown): Record<string, unknown> {
  const shell = Object.create(Object.getPrototypeOf(error) as object) as Record<string, unknown>;
  for (const key of ['name', 'message', 'stack', 'cause'] as const) {
    if (Object.prototype.hasOwnProperty.call(error, key)) {
      const value = key === 'cause' ? inner(error.cause) : error[key];
      Object.defineProperty(shell, key, { value, writable: true, configurable: true });
    }
  }
  return shell;
}

function hasToJson(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

/** The redactor the process logger uses. */
export const redactSecrets = createRedactor();
