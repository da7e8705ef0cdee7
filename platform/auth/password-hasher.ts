import { hashPassword, verifyPassword, verifyPasswordOfUnknownUser } from './password-hash';

/** What request handlers need from password hashing; the queued hasher and the direct one. */
export type PasswordHashing = Readonly<{
  hash(password: string): Promise<string>;
  verify(password: string, encoded: string): Promise<boolean>;
  /** Spends a verification's time and answers false (a login for an unknown email). */
  verifyUnknownUser(password: string): Promise<false>;
}>;

/** For one-off callers outside a server (the CLI, the admin bootstrap): no queue. */
export const DIRECT_PASSWORD_HASHING: PasswordHashing = {
  hash: (password) => hashPassword(password),
  verify: verifyPassword,
  verifyUnknownUser: verifyPasswordOfUnknownUser,
};

export type PasswordHashQueueOptions = Readonly<{
  /** Hashes computed at once (each holds a libuv thread and a core for ~33 ms). */
  concurrency: number;
  /** Hashes allowed to wait for a turn; the next one is refused. */
  maxWaiting: number;
  /** The error a refused hash rejects with (the write API's 503 with Retry-After). */
  whenFull: () => Error;
}>;

/**
 * A bounded queue in front of scrypt. Without it a flood of logins or registrations starts as
 * many hashes as requests arrive: every core and libuv thread is busy, other requests (and the
 * event loop's own file and DNS work) wait behind them, and latency grows for everyone. With
 * it, at most `concurrency` hashes run, `maxWaiting` wait, and the rest are refused at once,
 * so the refused clients are told to come back while everything else keeps its latency.
 */
export class PasswordHashQueue implements PasswordHashing {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly options: PasswordHashQueueOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer, got ${options.concurrency}`);
    }
    if (!Number.isInteger(options.maxWaiting) || options.maxWaiting < 0) {
      throw new RangeError(`maxWaiting must be a whole number, got ${options.maxWaiting}`);
    }
  }

  hash(password: string): Promise<string> {
    return this.run(() => hashPassword(password));
  }

  verify(password: string, encoded: string): Promise<boolean> {
    return this.run(() => verifyPassword(password, encoded));
  }

  verifyUnknownUser(password: string): Promise<false> {
    return this.run(() => verifyPasswordOfUnknownUser(password));
  }

  /** Hashes running and waiting now (for tests and metrics). */
  get depth(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.options.concurrency) {
      if (this.waiting.length >= this.options.maxWaiting) throw this.options.whenFull();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      // The slot passes straight to the next waiter, so `running` never dips and lets a newcomer
      // overtake the queue.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
