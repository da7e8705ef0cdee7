import { type RateLimitPolicy, type RateLimiter } from '../../platform/coordination/ports';
import { TooManyRequestsError } from '../../platform/http';

/** Takes a slot under `key`, or throws the 429 (with Retry-After) that says `refusal`. */
export async function takeRateLimitSlot(
  limiter: RateLimiter,
  key: string,
  policy: RateLimitPolicy,
  refusal: string,
): Promise<void> {
  const slot = await limiter.hit(key, policy);
  if (!slot.allowed) throw new TooManyRequestsError(refusal, slot.retryAfterSeconds);
}
