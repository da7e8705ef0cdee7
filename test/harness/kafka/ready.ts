import { Kafka, logLevel } from 'kafkajs';
import { type ServiceProcess } from '../runtime/processes';
import { waitFor } from '../runtime/wait';

/**
 * Ready means kafkajs can list topics, and the group coordinator answers, so the first consumer
 * group of a test does not wait for __consumer_offsets to be created.
 */
export async function waitForKafka(
  brokers: string,
  options: { timeoutMs: number; process?: ServiceProcess },
): Promise<void> {
  const kafka = new Kafka({
    clientId: 'shopstream-harness',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    retry: { retries: 0 },
  });
  const withAdmin = async (use: (admin: ReturnType<Kafka['admin']>) => Promise<unknown>) => {
    const admin = kafka.admin();
    try {
      await admin.connect();
      await use(admin);
      return true;
    } finally {
      await admin.disconnect();
    }
  };
  const wait = { ...options, intervalMs: 100 };
  await waitFor('kafka', () => withAdmin((admin) => admin.listTopics()), wait);
  // listTopics first: it loads the cluster metadata the coordinator lookup needs.
  await waitFor(
    'kafka group coordinator',
    () =>
      withAdmin(async (admin) => {
        await admin.listTopics();
        await admin.describeGroups(['shopstream-harness-warmup']);
      }),
    wait,
  );
}
