import { randomUUID } from 'node:crypto';
import { type Coordination, type CoordinationOptions } from '../ports';

export type OpenCoordination = (options: Required<CoordinationOptions>) => Promise<Coordination>;

/** Opens coordinations for the running test and closes them after it, whatever happened. */
export type ContractScope = {
  /** One with a prefix of its own; pass a prefix to share one namespace between two. */
  open(keyPrefix?: string): Promise<Coordination>;
  /** Errors the coordinations reported through onError during this test. */
  readonly reportedErrors: unknown[];
};

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A key no other test (or parallel jest worker on the same Redis) uses. */
export const uniqueKey = (label: string) => `${label}-${randomUUID()}`;

export const uniquePrefix = () => `test-${randomUUID().slice(0, 8)}:`;

/** Resolves with the first value `take` returns, failing after `timeoutMs`. */
export function waitFor<T>(take: () => T | undefined, timeoutMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      const value = take();
      if (value !== undefined) resolve(value);
      else if (Date.now() > deadline) reject(new Error(`nothing arrived within ${timeoutMs} ms`));
      else setTimeout(poll, 5);
    };
    poll();
  });
}
