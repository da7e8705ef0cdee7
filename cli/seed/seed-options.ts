import { url } from '../../platform/config/parse';
import { type SeedSize } from './demo-plan';

/** The options as commander hands them over: strings, or undefined when not given. */
export type RawSeedOptions = Readonly<{
  users?: string;
  products?: string;
  orders?: string;
  seedValue?: string;
  concurrency?: string;
  url?: string;
  writeUrl?: string;
  readUrl?: string;
}>;

export type SeedSettings = Readonly<{
  size: SeedSize;
  seedValue: number;
  concurrency: number;
  /** Base URLs without `/api/v1`; the same one twice behind a gateway. */
  writeUrl: string;
  readUrl: string;
}>;

/**
 * The defaults take well under a minute on `npm start`: 12 users cost 12 registrations and
 * 13 logins (the admin's too), under the 30 a minute one client may send to each
 * (AUTH_RATE_LIMIT_PER_MINUTE), so a default run never waits on the rate limit; 24 products
 * are the hand-written catalogue once; 30 orders plan each end state three times or more.
 */
export const DEFAULT_SIZE: SeedSize = { users: 12, products: 24, orders: 30 };
export const DEFAULT_CONCURRENCY = 4;

/** Past these a run is a load test that takes hours, more likely a typo than a wish. */
export const MAX_SIZE: SeedSize = { users: 10_000, products: 10_000, orders: 100_000 };
const MAX_CONCURRENCY = 32;

/** Checks every option and says the first bad one in one line; ports come from the config. */
export function seedSettings(
  raw: RawSeedOptions,
  ports: Readonly<{ writeApiPort: number; readApiPort: number }>,
): SeedSettings {
  const size: SeedSize = {
    users: whole('--users', raw.users, DEFAULT_SIZE.users, 0, MAX_SIZE.users),
    products: whole('--products', raw.products, DEFAULT_SIZE.products, 0, MAX_SIZE.products),
    orders: whole('--orders', raw.orders, DEFAULT_SIZE.orders, 0, MAX_SIZE.orders),
  };
  if (size.orders > 0 && (size.users === 0 || size.products === 0)) {
    throw new Error('--orders needs at least one user (--users) and one product (--products)');
  }
  if (raw.url !== undefined && (raw.writeUrl !== undefined || raw.readUrl !== undefined)) {
    throw new Error('--url (one gateway) and --write-url/--read-url (two APIs) exclude each other');
  }
  const gateway = baseUrl('--url', raw.url);
  return {
    size,
    seedValue: whole('--seed-value', raw.seedValue, 1, 0, 2 ** 32 - 1),
    concurrency: whole('--concurrency', raw.concurrency, DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY),
    writeUrl:
      gateway ?? baseUrl('--write-url', raw.writeUrl) ?? `http://127.0.0.1:${ports.writeApiPort}`,
    readUrl:
      gateway ?? baseUrl('--read-url', raw.readUrl) ?? `http://127.0.0.1:${ports.readApiPort}`,
  };
}

function whole(
  option: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new Error(`${option} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** An http(s) URL without a trailing slash; `/api/v1` is added per request. */
function baseUrl(option: string, raw: string | undefined): string | undefined {
  const parsed = url({ [option]: raw }, option, ['http:', 'https:']);
  if (!parsed) return undefined;
  if (parsed.search || parsed.hash) {
    throw new Error(`${option} must be a base URL without a query, got "${raw}"`);
  }
  return parsed
    .toString()
    .replace(/\/+$/, '')
    .replace(/\/api\/v1$/, '');
}
