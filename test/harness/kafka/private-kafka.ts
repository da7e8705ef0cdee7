import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { kafkaInstallation, prepareBroker, runBroker } from '../local/kafka-broker';
import { runDir } from '../runtime/cleanup';
import { freePort } from '../runtime/net';
import { type ServiceProcess } from '../runtime/processes';

/**
 * A broker of one test file's own, for tests that stop and restart Kafka under load (the shared
 * broker must stay up for everyone else). It keeps its port and data directory across
 * restarts, so clients reconnect to the same address and find what was acknowledged before.
 */
export interface PrivateKafka {
  /** For kafkajs (and KAFKA_BROKERS joined with commas): the same after every restart. */
  readonly brokers: string[];
  /**
   * Stops the broker, keeping its data: a clean shutdown (SIGTERM), or a crash (SIGKILL) with
   * `abrupt`. Acknowledged messages survive either (the operating system still holds the files).
   */
  stop(options?: { abrupt?: boolean }): Promise<void>;
  /** Starts it again on the same port and data; resolves once it answers. */
  start(): Promise<void>;
  /** Stops it for good and removes its files. */
  close(): Promise<void>;
}

/**
 * A restarted broker is only let back in once the controller has dropped its previous
 * registration (`broker.session.timeout.ms`, 9 s by default): shortened, a restart takes ~4 s
 * instead of ~12. Only here: on the shared broker a short session risks fencing it during a
 * long pause of a busy machine.
 */
const RESTARTABLE = {
  'broker.heartbeat.interval.ms': '500',
  'broker.session.timeout.ms': '3000',
};

/**
 * Starts a private broker from the locally cached jars (scripts/install-test-services.sh),
 * whatever the shared broker is. `localKafkaUnavailableReason()` says beforehand if it cannot.
 * Starting takes a couple of seconds (JVM and KRaft start-up).
 */
export async function startPrivateKafka(): Promise<PrivateKafka> {
  const kafka = kafkaInstallation();
  // Under the run directory: the harness's watchdog removes it (and kills the broker) if the
  // test process dies.
  const dir = mkdtempSync(join(runDir(), 'private-kafka-'));
  const port = await freePort();
  let controllerPort = await freePort();
  while (controllerPort === port) controllerPort = await freePort();
  let starts = 0;
  let server: ServiceProcess | undefined;
  const properties = await prepareBroker(
    kafka,
    dir,
    'broker',
    { port, controllerPort },
    RESTARTABLE,
  );

  const start = async () => {
    if (server && !server.hasExited()) return;
    starts += 1;
    server = await runBroker(kafka, properties, {
      dir,
      logName: `kafka-${starts}`,
      port,
      // Never writes the class-data archive: that is the shared broker's job.
      cdsFlags: kafka.cds.readFlags,
    });
  };
  const stop = async (options: { abrupt?: boolean } = {}) => {
    await server?.stop(options.abrupt ? 'SIGKILL' : 'SIGTERM', 30_000);
  };

  try {
    await start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    brokers: [`127.0.0.1:${port}`],
    start,
    stop,
    async close() {
      await stop({ abrupt: true });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
