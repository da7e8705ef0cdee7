import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { DEFAULT_SCRYPT_PARAMS, hashPassword } from '../../platform/auth/password-hash';
import { PASSWORD } from './seed';

/**
 * The production password hash alone, on this machine: its cost on one core and its rate with
 * every core hashing. The latter bounds registrations per second before any other work.
 */
export type ScryptCost = Readonly<{
  N: number;
  /** Mean wall time of one hash with nothing else running: its CPU cost on one core. */
  msPerHash: number;
  /** `cores` hashes at a time (libuv's pool has 4 threads by default). */
  hashesPerSecond: number;
  cores: number;
}>;

export async function measureScrypt(N: number, samplesPerCore: number): Promise<ScryptCost> {
  const params = { ...DEFAULT_SCRYPT_PARAMS, N };
  const cores = os.cpus().length;
  await hashPassword(PASSWORD, params);

  let began = performance.now();
  for (let i = 0; i < samplesPerCore; i++) await hashPassword(PASSWORD, params);
  const msPerHash = (performance.now() - began) / samplesPerCore;

  began = performance.now();
  await Promise.all(
    Array.from({ length: cores }, async () => {
      for (let i = 0; i < samplesPerCore; i++) await hashPassword(PASSWORD, params);
    }),
  );
  const hashesPerSecond = (cores * samplesPerCore) / ((performance.now() - began) / 1_000);
  return { N, msPerHash, hashesPerSecond, cores };
}
