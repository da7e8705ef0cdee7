import { nonEmpty, secondsToMs } from '../arguments';
import { type IdempotencyBegin, type IdempotencyStore, type StoredResponse } from '../ports';
import { type Clock, ExpiringMap } from './expiring-map';

type IdempotencyRecord =
  | { state: 'in-progress'; fingerprint: string }
  | { state: 'completed'; fingerprint: string; response: string };

/** In-process idempotency keys. Single-threaded JS makes each method atomic between awaits. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly records: ExpiringMap<IdempotencyRecord>;

  constructor(now: Clock) {
    this.records = new ExpiringMap(now);
  }

  async begin(key: string, fingerprint: string, ttlSeconds: number): Promise<IdempotencyBegin> {
    nonEmpty('key', key);
    const ttlMs = secondsToMs('ttlSeconds', ttlSeconds);
    const current = this.records.get(key);
    if (current === undefined) {
      this.records.set(key, { state: 'in-progress', fingerprint }, ttlMs);
      return { state: 'started' };
    }
    if (current.state === 'in-progress') return { ...current };
    // Stored serialised, as Redis would: a caller mutating a replayed body cannot alter the next.
    return { ...current, response: JSON.parse(current.response) as StoredResponse };
  }

  async complete(
    key: string,
    fingerprint: string,
    response: StoredResponse,
    ttlSeconds: number,
  ): Promise<boolean> {
    const ttlMs = secondsToMs('ttlSeconds', ttlSeconds);
    const current = this.records.get(key);
    if (current && (current.state !== 'in-progress' || current.fingerprint !== fingerprint)) {
      return false;
    }
    const record = { state: 'completed' as const, fingerprint, response: JSON.stringify(response) };
    this.records.set(key, record, ttlMs);
    return true;
  }

  async abandon(key: string): Promise<void> {
    if (this.records.get(key)?.state === 'in-progress') this.records.delete(key);
  }

  close(): void {
    this.records.close();
  }
}
