import { describeEventStoreContract } from '../contract/event-store-contract';
import {
  eventStoreDbSource,
  type RunningEventStoreDb,
  startEventStoreDb,
} from '../test-support/eventstoredb-server';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

const source = eventStoreDbSource();

if (source.kind === 'none') {
  // One loud line in the run's output, and a skipped test whose name carries the reason.
  process.stderr.write(`\nSKIPPED: EventStoreDB contract suite — ${source.reason}\n\n`);
  describe.skip(`event store contract: EventStoreDB (SKIPPED: ${source.reason})`, () => {
    test('runs when EVENTSTORE_URL is set or testcontainers can start KurrentDB', () => undefined);
  });
} else {
  let server: RunningEventStoreDb | undefined;
  let url = source.kind === 'url' ? source.url : '';

  beforeAll(async () => {
    if (source.kind === 'container') {
      server = await startEventStoreDb(source.image);
      url = server.url;
    }
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
  });

  describeEventStoreContract('EventStoreDB/KurrentDB', {
    globallyUniqueEventIds: false,
    dropConnectionsUnsupported:
      'the test cannot sever the gRPC connection to EventStoreDB without a proxy in front of it; ' +
      're-subscription is in eventstoredb-subscription.ts',
    emptyStoreUnsupported:
      'one server serves the whole suite and $all cannot be partitioned, so no test gets a ' +
      'store without events; the other countEventsAfter tests count from positions instead',
    async open() {
      return { store: EventStoreDbEventStore.connect(url) };
    },
  });
}
