import { type RateLimitPolicy } from './ports';

/** Argument checks both adapters share, so bad input fails the same way with either. */
export function positiveMs(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive number, got ${value}`);
  }
  // Redis PX takes whole milliseconds; round up so a tiny TTL never becomes "no expiry".
  return Math.ceil(value);
}

export function secondsToMs(name: string, seconds: number): number {
  return positiveMs(name, seconds * 1000);
}

export function checkPolicy(policy: RateLimitPolicy): { limit: number; windowMs: number } {
  if (!Number.isInteger(policy.limit) || policy.limit < 1) {
    throw new RangeError(`limit must be a positive integer, got ${policy.limit}`);
  }
  return { limit: policy.limit, windowMs: secondsToMs('windowSeconds', policy.windowSeconds) };
}

export function nonEmpty(name: string, value: string): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${name} must not be empty`);
  return value;
}
