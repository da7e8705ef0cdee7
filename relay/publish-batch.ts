import { type Knex } from 'knex';
import { toBusMessage } from '../platform/bus/integration-event';
import { type IntegrationBus } from '../platform/bus/port';
import { type RecordedEvent } from '../platform/event-store/port';
import { redactForPublication } from './redact';
import { advanceRelayCheckpoint } from './relay-checkpoint';
import { type RelayTopics } from './relay-topics';

/** Where a batch goes, and what this run believes about the checkpoint. */
export type RelayTarget = Readonly<{
  name: string;
  /** The checkpoint this run last wrote or read: the compare-and-set's expected value. */
  expected: string | null;
  fence: bigint;
}>;

export type PublishDependencies = Readonly<{
  db: Knex;
  bus: IntegrationBus;
  topics: RelayTopics;
  topicPrefix: string;
}>;

/**
 * One batch, in this order: redact, make sure the topics exist, publish (resolves once the bus
 * has the messages durably), and only then move the checkpoint to the batch's last position.
 * A crash before the checkpoint moves publishes the batch again on restart: duplicates, which
 * consumers drop by event id, but never a gap. Returns the new checkpoint.
 */
export async function publishBatch(
  deps: PublishDependencies,
  target: RelayTarget,
  events: readonly RecordedEvent[],
): Promise<string> {
  const messages = events.map((event) =>
    toBusMessage(redactForPublication(event), deps.topicPrefix),
  );
  await deps.topics.ensure(messages.map((message) => message.topic));
  await deps.bus.publish(messages);
  const last = events[events.length - 1].position;
  await advanceRelayCheckpoint(deps.db, target, last);
  return last;
}
