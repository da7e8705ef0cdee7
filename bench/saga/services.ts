import path from 'node:path';
import { startLocalKafka } from '../../test/harness/local/kafka';
import { finishRun, runDir } from '../../test/harness/runtime/cleanup';
import { type RunningService } from '../../test/harness/service';
import { ChildRpc } from '../support/child-rpc';
import { pidsWithCommandLine } from '../support/process-memory';
import { type WriteBenchServices, openServices } from '../write/services';
import { type SinkCommand } from './smtp-sink-worker';

/**
 * What the multi-process topology runs on: PostgreSQL (durable) and Redis as the write benchmark
 * opens them, Kafka (KAFKA_BROKERS, else a private broker from the harness's cached jars) and an
 * SMTP server (SMTP_URL, else a sink in a child process of its own that accepts and discards).
 */
export type SagaServices = Readonly<{
  base: WriteBenchServices;
  kafkaBrokers: string;
  kafkaSource: 'KAFKA_BROKERS' | 'private broker';
  kafkaDetail: string;
  smtpUrl: string;
  smtpSource: 'SMTP_URL' | 'private sink';
  /** Local server processes we started, for the CPU and memory tables (none from env). */
  pids(): { name: string; pid: number }[];
  stop(): Promise<void>;
}>;

/** `profile`: the private PostgreSQL loads pg_stat_statements. */
export async function openSagaServices(options: { profile: boolean }): Promise<SagaServices> {
  const base = await openServices(options);
  let kafka: RunningService | undefined;
  let sink: ChildRpc<SinkCommand> | undefined;
  const stop = async () => {
    await sink?.close().catch(() => sink?.kill());
    // Kafka first: a private Postgres or Redis ends the harness run when it stops.
    await kafka?.stop().catch(() => undefined);
    await base.stop();
    if (kafka) finishRun();
  };
  try {
    const fromEnv = process.env.KAFKA_BROKERS;
    if (!fromEnv) kafka = await startLocalKafka(runDir());
    let smtpUrl = process.env.SMTP_URL;
    if (!smtpUrl) {
      sink = new ChildRpc<SinkCommand>(path.join(__dirname, 'smtp-sink-worker.ts'), 'smtp sink');
      smtpUrl = (await sink.call({ kind: 'start' })) as string;
    }
    const sinkPid = sink?.pid;
    const redisPort = new URL(base.redisUrl).port;
    return {
      base,
      kafkaBrokers: fromEnv ?? kafka!.env.KAFKA_BROKERS,
      kafkaSource: fromEnv ? 'KAFKA_BROKERS' : 'private broker',
      kafkaDetail: kafka?.detail ?? 'from KAFKA_BROKERS',
      smtpUrl,
      smtpSource: process.env.SMTP_URL ? 'SMTP_URL' : 'private sink',
      pids() {
        const found: { name: string; pid: number }[] = [];
        if (kafka) {
          for (const pid of pidsWithCommandLine('kafka.Kafka', runDir())) {
            found.push({ name: 'kafka', pid });
          }
        }
        if (base.redisSource === 'private redis-server') {
          for (const pid of pidsWithCommandLine('redis-server', `:${redisPort}`)) {
            found.push({ name: 'redis', pid });
          }
        }
        if (sinkPid !== undefined) found.push({ name: 'smtp sink', pid: sinkPid });
        return found;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
