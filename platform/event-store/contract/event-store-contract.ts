import { describeAppendContract } from './append-contract';
import { describeReadContract } from './read-contract';
import { describeSubscribeContract } from './subscribe-contract';
import {
  type ContractFixture,
  type EventStoreContractFactory,
  type FixtureScope,
} from './contract-fixture';

export type { ContractFixture, EventStoreContractFactory, FixtureScope } from './contract-fixture';

/**
 * The one behavioural contract every event store adapter must pass. Call it from a spec file
 * with a factory for the adapter under test.
 */
export function describeEventStoreContract(name: string, factory: EventStoreContractFactory): void {
  describe(`event store contract: ${name}`, () => {
    const opened: ContractFixture[] = [];
    const scope: FixtureScope = {
      factory,
      async open() {
        const fixture = await factory.open();
        opened.push(fixture);
        return fixture;
      },
      async openEmpty() {
        if (!factory.openEmpty) throw new Error('this factory cannot open an empty store');
        const fixture = await factory.openEmpty();
        opened.push(fixture);
        return fixture;
      },
    };

    afterEach(async () => {
      const fixtures = opened.splice(0);
      await Promise.all(fixtures.map((f) => f.store.close()));
    });

    describeAppendContract(scope);
    describeReadContract(scope);
    describeSubscribeContract(scope);
  });
}
