import { type Coordination } from '../ports';
import {
  type ContractScope,
  type OpenCoordination,
  uniquePrefix,
} from './contract-helpers.testing';
import { describeIdempotencyContract } from './idempotency-contract.testing';
import { describeLeaseContract } from './lease-contract.testing';
import { describePubSubContract } from './pubsub-contract.testing';
import { describeRateLimiterContract } from './rate-limiter-contract.testing';

/**
 * The behaviour every coordination adapter must show. Timing tests use real time with short TTLs
 * (Redis expires keys on its own clock, so no fake timers), with margins of 100 ms or more.
 */
export function describeCoordinationContract(name: string, open: OpenCoordination): void {
  describe(`coordination contract: ${name}`, () => {
    const opened: Coordination[] = [];
    const scope: ContractScope = {
      reportedErrors: [],
      async open(keyPrefix = uniquePrefix()) {
        const coordination = await open({
          keyPrefix,
          onError: (error) => scope.reportedErrors.push(error),
        });
        opened.push(coordination);
        return coordination;
      },
    };

    afterEach(async () => {
      scope.reportedErrors.length = 0;
      await Promise.all(opened.splice(0).map((c) => c.close()));
    });

    it('answers ping while open', async () => {
      const coordination = await scope.open();
      await expect(coordination.ping()).resolves.toBeUndefined();
    });

    describeIdempotencyContract(scope);
    describeRateLimiterContract(scope);
    describeLeaseContract(scope);
    describePubSubContract(scope);
  });
}
