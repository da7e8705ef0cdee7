import { ConfigError } from './config-error';

/** Small, strict parsers for environment values. Each names the variable when it refuses one. */
export type Env = Readonly<Record<string, string | undefined>>;

export function optional(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function port(env: Env, name: string, fallback: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > 65535) {
    throw new ConfigError(name, `must be a TCP port between 1 and 65535, got "${raw}"`);
  }
  return value;
}

export function positiveInt(env: Env, name: string, fallback: number, max = 2 ** 31 - 1): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > max) {
    throw new ConfigError(name, `must be a whole number between 1 and ${max}, got "${raw}"`);
  }
  return value;
}

/**
 * TRUST_PROXY: `false` (the default) or `true`, or how many proxies stand in front (1 to 10).
 * A number is the safer choice behind a proxy that appends to X-Forwarded-For: `true` believes
 * the left-most entry, which the client itself may have written.
 */
export function proxyTrust(env: Env, name: string): boolean | number {
  const raw = optional(env, name)?.toLowerCase();
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^([1-9]|10)$/.test(raw)) return Number(raw);
  throw new ConfigError(name, `must be true, false or a number of proxies (1 to 10), got "${raw}"`);
}

export function url(env: Env, name: string, protocols: readonly string[]): URL | undefined {
  const raw = optional(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `is not a valid URL: "${redact(raw)}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(
      name,
      `must use ${protocols.map((p) => `${p}//`).join(' or ')}, got "${parsed.protocol}//"`,
    );
  }
  if (parsed.hostname === '' && !parsed.searchParams.has('host')) {
    throw new ConfigError(name, `has no host: "${redact(raw)}"`);
  }
  return parsed;
}

export function email(env: Env, name: string): string | undefined {
  const raw = optional(env, name);
  if (raw === undefined) return undefined;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw)) {
    throw new ConfigError(name, `is not an email address: "${raw}"`);
  }
  return raw;
}

export function brokers(env: Env, name: string): string[] | undefined {
  const raw = optional(env, name);
  if (raw === undefined) return undefined;
  const list = raw.split(',').map((b) => b.trim());
  for (const broker of list) {
    const match = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(broker);
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
      throw new ConfigError(name, `must be comma-separated host:port pairs, got "${broker}"`);
    }
  }
  return list;
}

/** Hides every URL password in a text before it is printed (the user part may be empty). */
export function redact(text: string): string {
  return text.replace(/\/\/([^:/@\s]*):[^@/\s]*@/g, '//$1:***@');
}

/**
 * A comma-separated list of browser origins (`https://shop.example.com`), as a browser sends
 * them in `Origin`: scheme, host and a non-default port, nothing else. Each entry must already
 * be in that form, because an origin is matched as an exact string.
 */
export function origins(env: Env, name: string): string[] {
  const raw = optional(env, name);
  if (raw === undefined) return [];
  return raw.split(',').map((entry) => {
    const origin = entry.trim();
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) {
      throw new ConfigError(
        name,
        `must list origins like https://shop.example.com, got "${origin}"`,
      );
    }
    if (parsed.origin !== origin) {
      throw new ConfigError(name, `"${origin}" is not an origin; did you mean "${parsed.origin}"?`);
    }
    return origin;
  });
}

/** A secret callers present as `Authorization: Bearer <value>`: header-safe and hard to guess. */
export function bearerToken(env: Env, name: string): string | undefined {
  const raw = optional(env, name);
  if (raw === undefined) return undefined;
  if (!/^[\x21-\x7e]{16,512}$/.test(raw)) {
    throw new ConfigError(
      name,
      'must be 16 to 512 visible ASCII characters without spaces (e.g. openssl rand -hex 32)',
    );
  }
  return raw;
}
