import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../runtime/net';
import { retryOnPortClash } from '../runtime/wait';
import { type RunningService } from '../service';
import { kafkaInstallation, prepareBroker, runBroker } from './kafka-broker';

/** The harness's shared broker: Kafka in KRaft mode from the cached jars, on free ports. */
export async function startLocalKafka(parentDir: string): Promise<RunningService> {
  const kafka = kafkaInstallation();
  const { cds } = kafka;
  const dir = join(parentDir, 'kafka');
  mkdirSync(dir);

  let attempt = 0;
  const { server, port } = await retryOnPortClash(async () => {
    attempt += 1;
    const port = await freePort();
    let controllerPort = await freePort();
    while (controllerPort === port) controllerPort = await freePort();
    const name = `server-${attempt}`;
    const properties = await prepareBroker(kafka, dir, name, { port, controllerPort });
    const server = await runBroker(kafka, properties, {
      dir,
      logName: `kafka-${attempt}`,
      port,
      cdsFlags: cds.brokerFlags,
    });
    return { server, port };
  });

  return {
    name: 'kafka',
    source: 'local',
    env: { KAFKA_BROKERS: `127.0.0.1:${port}` },
    detail: `Apache Kafka ${kafka.version}${cds.dumping ? ', writing its class-data archive' : ''}`,
    async stop() {
      if (cds.dumping) {
        // The JVM writes the class-data archive on a clean exit; later runs start faster.
        await server.stop('SIGTERM', 20_000);
        cds.keep();
      } else {
        await server.stop('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
