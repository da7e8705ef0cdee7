import { adminContract } from './admin-contract.testing';
import { commitContract } from './commit-contract.testing';
import { type BusFixture } from './contract-helpers.testing';
import { deliveryContract } from './delivery-contract.testing';

export { type BusFixture } from './contract-helpers.testing';

/**
 * The behaviour every IntegrationBus adapter must have (platform/bus/port.ts), run by each
 * adapter's spec against a real server: Kafka, the in-process bus on Postgres, and on PGlite.
 * `open` runs once per file; tests keep apart by their own topics and groups.
 */
export function describeBusContract(
  name: string,
  open: () => Promise<BusFixture & { close(): Promise<void> }>,
): void {
  describe(`integration bus contract: ${name}`, () => {
    let fixture: (BusFixture & { close(): Promise<void> }) | undefined;
    const current = (): BusFixture => {
      if (!fixture) throw new Error('the bus fixture is only available inside tests');
      return fixture;
    };
    beforeAll(async () => {
      fixture = await open();
    });
    afterAll(async () => {
      await fixture?.close();
    });

    describe('delivery', () => deliveryContract(current));
    describe('commits', () => commitContract(current));
    describe('administration', () => adminContract(current));
  });
}
