import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brokerConfig, toProperties } from '../kafka/broker-config';
import { classDataSharing } from '../kafka/class-data-sharing';
import { waitForKafka } from '../kafka/ready';
import { kafkaHome, kafkaVersion } from '../kafka/version';
import { freePort } from '../runtime/net';
import { execute, spawnService } from '../runtime/processes';
import { retryOnPortClash } from '../runtime/wait';
import { type RunningService } from '../service';

/** Fast JVM start for a short-lived broker: small serial heap, C1 only, no perf data file. */
const JVM_FLAGS = [
  '-Xms64m',
  '-Xmx512m',
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-XX:-UsePerfData',
  '-Xshare:auto',
  '-Djava.awt.headless=true',
  '-Djava.net.preferIPv4Stack=true',
];

/** Warnings only, plus the line saying the server started (handy when reading a log). */
const LOG4J2 = `status = error
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.out.ref = OUT
logger.started.name = kafka.server.KafkaRaftServer
logger.started.level = INFO
`;

/** Kafka in KRaft combined mode from the jars cached by scripts/install-test-services.sh. */
export async function startLocalKafka(parentDir: string): Promise<RunningService> {
  const version = kafkaVersion();
  const home = kafkaHome(version);
  const libs = join(home, 'libs');
  if (!existsSync(join(home, '.complete'))) {
    throw new Error(
      `kafka: the Apache Kafka ${version} broker jars are not in ${libs}. ` +
        'Run `bash scripts/install-test-services.sh` once (or set KAFKA_BROKERS).',
    );
  }
  const java = javaBinary();
  const classpath = readdirSync(libs)
    .filter((file) => file.endsWith('.jar'))
    .sort()
    .map((file) => join(libs, file))
    .join(':');
  const cds = classDataSharing(home, java, classpath);
  const dir = join(parentDir, 'kafka');
  mkdirSync(dir);
  const log4j = join(dir, 'log4j2.properties');
  writeFileSync(log4j, LOG4J2);
  const jvm = (...flags: string[]) => [
    ...JVM_FLAGS,
    ...flags,
    `-Dlog4j2.configurationFile=${log4j}`,
    '-cp',
    classpath,
  ];

  let attempt = 0;
  const { server, port } = await retryOnPortClash(async () => {
    attempt += 1;
    const port = await freePort();
    let controllerPort = await freePort();
    while (controllerPort === port) controllerPort = await freePort();
    const properties = join(dir, `server-${attempt}.properties`);
    const config = brokerConfig({
      listener: `PLAINTEXT://127.0.0.1:${port}`,
      advertised: `PLAINTEXT://127.0.0.1:${port}`,
      controllerListener: `CONTROLLER://127.0.0.1:${controllerPort}`,
      controllerAddress: `127.0.0.1:${controllerPort}`,
      logDir: join(dir, `data-${attempt}`),
    });
    writeFileSync(properties, toProperties(config));
    await execute(
      java,
      [
        ...jvm(...cds.readFlags),
        'kafka.tools.StorageTool',
        'format',
        '-t',
        clusterId(),
        '-c',
        properties,
      ],
      { timeoutMs: 60_000 },
    );
    const server = spawnService({
      name: 'kafka',
      command: java,
      args: [...jvm(...cds.brokerFlags), 'kafka.Kafka', properties],
      logFile: join(dir, `kafka-${attempt}.log`),
    });
    try {
      await waitForKafka(`127.0.0.1:${port}`, { timeoutMs: 60_000, process: server });
    } catch (error) {
      await server.stop();
      throw error;
    }
    return { server, port };
  });

  return {
    name: 'kafka',
    source: 'local',
    env: { KAFKA_BROKERS: `127.0.0.1:${port}` },
    detail: `Apache Kafka ${version}${cds.dumping ? ', writing its class-data archive' : ''}`,
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

/** A random cluster id in Kafka's base64url form (never starting with '-', like Kafka's own). */
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function javaBinary(): string {
  if (process.env.JAVA_HOME) return join(process.env.JAVA_HOME, 'bin', 'java');
  try {
    return execFileSync('sh', ['-c', 'command -v java'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'kafka: no java on PATH (Kafka 4 needs Java 17+); set JAVA_HOME or KAFKA_BROKERS',
    );
  }
}
