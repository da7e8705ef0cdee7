import { nonEmpty, positiveMs } from '../arguments';
import { type Lease, type LeaseManager } from '../ports';
import { type Clock, ExpiringMap } from './expiring-map';

type Holder = { ownerId: string; token: bigint };

/** In-process leases. Fencing counters live as long as the process, like Redis without persistence. */
export class MemoryLeaseManager implements LeaseManager {
  private readonly holders: ExpiringMap<Holder>;
  private readonly fences = new Map<string, bigint>();

  constructor(private readonly now: Clock) {
    this.holders = new ExpiringMap(now);
  }

  async acquire(name: string, ownerId: string, ttlMs: number): Promise<Lease | null> {
    nonEmpty('name', name);
    nonEmpty('ownerId', ownerId);
    const ttl = positiveMs('ttlMs', ttlMs);
    const started = this.now();
    const holder = this.holders.get(name);
    if (holder && holder.ownerId !== ownerId) return null;
    const token = holder?.token ?? (this.fences.get(name) ?? 0n) + 1n;
    this.fences.set(name, token);
    this.holders.set(name, { ownerId, token }, ttl);
    return { token, expiresAt: new Date(started + ttl) };
  }

  async renew(name: string, ownerId: string, token: bigint, ttlMs: number): Promise<boolean> {
    const ttl = positiveMs('ttlMs', ttlMs);
    if (!this.holds(name, ownerId, token)) return false;
    this.holders.set(name, { ownerId, token }, ttl);
    return true;
  }

  async release(name: string, ownerId: string, token: bigint): Promise<boolean> {
    return this.holds(name, ownerId, token) && this.holders.delete(name);
  }

  close(): void {
    this.holders.close();
  }

  private holds(name: string, ownerId: string, token: bigint): boolean {
    const holder = this.holders.get(name);
    return holder !== undefined && holder.ownerId === ownerId && holder.token === token;
  }
}
