import { normaliseEmail } from '../../../domain/user';
import { type RateLimiter } from '../../../platform/coordination/ports';
import { takeRateLimitSlot } from '../../shared/rate-limit-slot';
import { type WriteSideSettings } from '../../shared/tokens';

type ThrottleSettings = Pick<
  WriteSideSettings,
  'loginFailureLimit' | 'loginFailureWindowSeconds' | 'loginAttemptLimitPerEmail'
>;

/**
 * Login lockout, in two sliding windows of `loginFailureWindowSeconds` (15 min):
 *
 * - per email AND client address, `loginFailureLimit` (5): a guesser at one address is locked
 *   out of that account, while the owner at another address still logs in. A success clears it.
 * - per email alone, `loginAttemptLimitPerEmail` (50): a guesser spread over many addresses is
 *   stopped too, at the price of locking the owner out until the window slides. Successes count
 *   and do not clear it, or an owner's login would hand a guesser a fresh budget.
 *
 * Every attempt takes its slots BEFORE the password is checked: a check-then-record would let
 * concurrent guesses all slip through.
 */
export class LoginThrottle {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly settings: ThrottleSettings,
  ) {}

  /** Takes a slot in both windows, or throws the 429 of the first that is full. */
  async admit(email: string, client: string): Promise<void> {
    const windowSeconds = this.settings.loginFailureWindowSeconds;
    await takeRateLimitSlot(
      this.limiter,
      this.clientKey(email, client),
      { limit: this.settings.loginFailureLimit, windowSeconds },
      'Too many failed logins for this email from your address; retry later.',
    );
    await takeRateLimitSlot(
      this.limiter,
      this.emailKey(email),
      { limit: this.settings.loginAttemptLimitPerEmail, windowSeconds },
      'Too many failed logins for this email; retry later.',
    );
  }

  /** The right password: this address starts over for this email. */
  async succeeded(email: string, client: string): Promise<void> {
    await this.limiter.reset(this.clientKey(email, client));
  }

  private clientKey(email: string, client: string): string {
    return `login:${normaliseEmail(email)}:${client}`;
  }

  private emailKey(email: string): string {
    return `login:${normaliseEmail(email)}`;
  }
}
