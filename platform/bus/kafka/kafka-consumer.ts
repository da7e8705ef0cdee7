import { type Consumer, type EachBatchPayload, type IHeaders, type Kafka } from 'kafkajs';
import { type Logger } from 'pino';
import { type BusConsumer, type ConsumeOptions, type ReceivedMessage } from '../port';
import { type KafkaBusSettings } from './kafka-settings';

/**
 * One kafkajs consumer in `options.groupId`, for one `consume()` call. Each message's offset
 * (with `handleBatch`, each chunk's last) is resolved and committed right after its handler
 * resolved, never before, so whatever was not handled is delivered again to whoever holds the
 * partition next. A handler that throws stops this consumer (its messages stay uncommitted) and
 * is reported to `onCrash`: nothing is skipped silently. Resolves once the consumer has joined its group.
 */
export async function startKafkaConsumer(
  kafka: Kafka,
  options: ConsumeOptions,
  settings: KafkaBusSettings,
  logger: Logger,
): Promise<BusConsumer> {
  const log = logger.child({ groupId: options.groupId });
  const consumer = kafka.consumer({
    groupId: options.groupId,
    sessionTimeout: settings.sessionTimeoutMs,
    rebalanceTimeout: settings.rebalanceTimeoutMs,
    heartbeatInterval: settings.heartbeatIntervalMs,
    maxWaitTimeInMs: settings.maxWaitTimeMs,
    allowAutoTopicCreation: false,
  });
  const stopping = new AbortController();
  // Replaced at every rebalance: kafkajs revokes every partition then, so handlers give up.
  let generation = new AbortController();
  consumer.on(consumer.events.REBALANCING, () => {
    generation.abort(new Error('the group is rebalancing'));
    generation = new AbortController();
  });

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      stopping.abort(new Error('the consumer is stopping'));
      // Waits for the batch in progress (its handler was told to finish), commits, leaves.
      await consumer.disconnect();
    })());
  const crash = (error: unknown) => {
    if (stopping.signal.aborted) return;
    log.error({ err: error }, 'bus consumer stopped: its handler failed');
    // Not awaited: disconnecting waits for the batch that is calling us.
    void stop()
      .catch((stopError: unknown) => log.warn({ err: stopError }, 'could not stop the consumer'))
      .then(() => options.onCrash?.(error));
  };
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    // kafkajs restarts itself after retriable errors; anything else ends this consumer.
    if (!payload.restart) crash(payload.error);
  });

  const eachBatch = async (payload: EachBatchPayload) => {
    const { batch, resolveOffset, commitOffsetsIfNecessary, isRunning, isStale } = payload;
    const signal = AbortSignal.any([stopping.signal, generation.signal]);
    const currentGeneration = generation;
    const heartbeat = async () => {
      try {
        await payload.heartbeat();
      } catch (error) {
        // The partition is being taken away: the handler's signal says so, its error is no crash.
        currentGeneration.abort(error);
        throw error;
      }
    };
    const received = batch.messages.map((message): ReceivedMessage => ({
      topic: batch.topic,
      partition: batch.partition,
      offset: message.offset,
      key: message.key?.toString('utf8') ?? '',
      value: message.value?.toString('utf8') ?? '',
      headers: headersOf(message.headers),
    }));
    const { handleBatch } = options;
    const size = handleBatch ? Math.max(1, options.maxBatch ?? 100) : 1;
    for (let start = 0; start < received.length; start += size) {
      if (signal.aborted || !isRunning() || isStale()) return;
      const chunk = received.slice(start, start + size);
      try {
        if (handleBatch) await handleBatch(chunk, { signal, heartbeat });
        else await options.handle(chunk[0], { signal, heartbeat });
      } catch (error) {
        // A handler that gave up because it was told to stop is not a crash: redelivered later.
        if (!signal.aborted) crash(error);
        return;
      }
      resolveOffset(chunk[chunk.length - 1].offset);
      // autoCommitThreshold 1: commits now, so a crash redelivers at most the messages in hand.
      await commitOffsetsIfNecessary();
    }
  };

  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...options.topics], fromBeginning: true });
    const joined = firstJoin(consumer);
    await consumer.run({
      autoCommit: true,
      autoCommitThreshold: 1,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: Math.max(1, options.concurrency ?? 1),
      eachBatch,
    });
    await joined;
  } catch (error) {
    stopping.abort(error);
    await consumer.disconnect().catch(() => undefined);
    throw error;
  }
  return { stop };
}

/** Resolves when the consumer first joins its group (it then has its partitions), or fails. */
export function firstJoin(consumer: Consumer): Promise<void> {
  return new Promise((resolve, reject) => {
    const removers = [
      consumer.on(consumer.events.GROUP_JOIN, () => done()),
      consumer.on(consumer.events.CRASH, ({ payload }) => done(payload.error)),
    ];
    const done = (error?: Error) => {
      for (const remove of removers) remove();
      if (error) reject(error);
      else resolve();
    };
  });
}

/** Header values arrive as Buffers; ours are single UTF-8 strings. */
function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    result[name] = typeof first === 'string' ? first : first.toString('utf8');
  }
  return result;
}
