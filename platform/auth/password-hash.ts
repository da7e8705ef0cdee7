import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { InvalidPasswordHashError } from './errors';

/**
 * Password hashes as self-describing strings: `scrypt$N=16384,r=8,p=1$<salt>$<hash>` (standard
 * base64 without padding, as in the PHC string format). Verification reads the parameters from
 * the string, so raising the defaults never locks anyone out: `needsRehash` says when to store a
 * fresh hash after a successful login.
 */
export type ScryptParams = Readonly<{ N: number; r: number; p: number }>;

/**
 * N=2^14 costs ~33 ms per hash on the 2-core dev machine (2^15 took ~70 ms, 2^17 ~290 ms). OWASP
 * suggests 2^17, but at that price a burst of logins would starve the API's two cores; the format
 * lets a later, faster deployment raise it.
 */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 16384, r: 8, p: 1 };

const SALT_BYTES = 16;
const HASH_BYTES = 32;
const FORMAT = /^scrypt\$N=(\d{1,8}),r=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

export async function hashPassword(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<string> {
  const problem = checkParams(params);
  if (problem) throw new RangeError(`scrypt parameters: ${problem}`);
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, HASH_BYTES, params);
  const { N, r, p } = params;
  return `scrypt$N=${N},r=${r},p=${p}$${b64(salt)}$${b64(hash)}`;
}

/** True when `password` matches; throws InvalidPasswordHashError when `encoded` is unusable. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const { params, salt, hash } = parsePasswordHash(encoded);
  const candidate = await derive(password, salt, hash.length, params);
  return timingSafeEqual(candidate, hash);
}

/** True when `encoded` was made with other parameters than the current ones. */
export function needsRehash(
  encoded: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): boolean {
  const parsed = parsePasswordHash(encoded);
  return (
    parsed.params.N !== params.N ||
    parsed.params.r !== params.r ||
    parsed.params.p !== params.p ||
    parsed.hash.length !== HASH_BYTES
  );
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real verification and answers false. A login for an unknown email
 * calls it so response times do not reveal which emails have accounts.
 */
export async function verifyPasswordOfUnknownUser(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await dummyHash);
  return false;
}

export function parsePasswordHash(encoded: string): {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
} {
  const match = FORMAT.exec(encoded);
  if (!match) throw new InvalidPasswordHashError('not in the scrypt$N=…,r=…,p=…$salt$hash format');
  const params = { N: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  const problem = checkParams(params);
  if (problem) throw new InvalidPasswordHashError(problem);
  const salt = Buffer.from(match[4], 'base64');
  const hash = Buffer.from(match[5], 'base64');
  if (salt.length < 16 || salt.length > 64) throw new InvalidPasswordHashError('salt length');
  if (hash.length < 16 || hash.length > 64) throw new InvalidPasswordHashError('hash length');
  return { params, salt, hash };
}

/**
 * Bounds for parameters, also those read back from storage: a corrupted or hostile row must not
 * make one login allocate gigabytes or run for minutes.
 */
function checkParams({ N, r, p }: ScryptParams): string | undefined {
  if (!Number.isInteger(N) || N < 1024 || N > 2 ** 20 || (N & (N - 1)) !== 0) {
    return `N must be a power of two between 2^10 and 2^20, got ${N}`;
  }
  if (!Number.isInteger(r) || r < 1 || r > 32) return `r must be 1..32, got ${r}`;
  if (!Number.isInteger(p) || p < 1 || p > 16) return `p must be 1..16, got ${p}`;
  if (128 * N * r > 256 * 2 ** 20) return 'needs more than 256 MiB (128·N·r)';
  if (N * r * p > 2 ** 24) return 'work factor N·r·p above 2^24';
  return undefined;
}

function derive(password: string, salt: Buffer, keylen: number, params: ScryptParams) {
  const { N, r, p } = params;
  // OpenSSL needs 128·r·(N+p+2) bytes; Node's default cap (32 MiB) would refuse stronger params.
  const maxmem = 128 * r * (N + p + 2) + 1024 * 1024;
  // NFC so the same password typed on different keyboards (composed or not) hashes the same.
  const input = password.normalize('NFC');
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(input, salt, keylen, { N, r, p, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}
