import { toBusMessage } from '../platform/bus/integration-event';
import { type IntegrationBus } from '../platform/bus/port';
import { type RecordedEvent } from '../platform/event-store/port';
import { redactForPublication } from './redact';
import { type RelayTopics } from './relay-topics';

/** Where a run's checkpoint goes, and what this run believes about it. */
export type RelayTarget = Readonly<{
  name: string;
  /** The checkpoint this run last wrote or read: the compare-and-set's expected value. */
  expected: string | null;
  fence: bigint;
}>;

export type PublishDependencies = Readonly<{
  bus: IntegrationBus;
  topics: RelayTopics;
  topicPrefix: string;
}>;

/**
 * One batch, in this order: redact, make sure the topics exist, publish (resolves once the bus
 * has the messages durably). Returns the batch's last position: only now may the checkpoint move
 * there (./paced-checkpoint.ts). A crash before it moves publishes the batch again on restart:
 * duplicates, which consumers drop by event id, but never a gap.
 */
export async function publishBatch(
  deps: PublishDependencies,
  events: readonly RecordedEvent[],
): Promise<string> {
  const messages = events.map((event) =>
    toBusMessage(redactForPublication(event), deps.topicPrefix),
  );
  await deps.topics.ensure(messages.map((message) => message.topic));
  await deps.bus.publish(messages);
  return events[events.length - 1].position;
}
