import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brokerConfig, toProperties } from '../kafka/broker-config';
import { type ClassDataSharing, classDataSharing } from '../kafka/class-data-sharing';
import { waitForKafka } from '../kafka/ready';
import { kafkaHome, kafkaVersion } from '../kafka/version';
import { commandPath, execute, type ServiceProcess, spawnService } from '../runtime/processes';

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

/** The cached Kafka jars and the JVM to run them: what every local broker start needs. */
export type KafkaInstallation = Readonly<{
  version: string;
  java: string;
  cds: ClassDataSharing;
  /** JVM arguments before the main class: flags, the log configuration, the classpath. */
  jvm(log4jFile: string, ...flags: string[]): string[];
}>;

/** Why no local broker can start here, or undefined when one can. */
export function localKafkaUnavailableReason(): string | undefined {
  try {
    kafkaInstallation();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Kafka in KRaft combined mode from the jars cached by scripts/install-test-services.sh. */
export function kafkaInstallation(): KafkaInstallation {
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
  return {
    version,
    java,
    cds,
    jvm: (log4jFile, ...flags) => [
      ...JVM_FLAGS,
      ...flags,
      `-Dlog4j2.configurationFile=${log4jFile}`,
      '-cp',
      classpath,
    ],
  };
}

export type BrokerPorts = Readonly<{ port: number; controllerPort: number }>;

/**
 * Writes a broker's configuration and formats its data directory (once per directory: a broker
 * restarted on the same directory keeps its cluster id and its data). Returns the properties file.
 */
export async function prepareBroker(
  kafka: KafkaInstallation,
  dir: string,
  name: string,
  ports: BrokerPorts,
  overrides: Readonly<Record<string, string>> = {},
): Promise<string> {
  const properties = join(dir, `${name}.properties`);
  const config = {
    ...brokerConfig({
      listener: `PLAINTEXT://127.0.0.1:${ports.port}`,
      advertised: `PLAINTEXT://127.0.0.1:${ports.port}`,
      controllerListener: `CONTROLLER://127.0.0.1:${ports.controllerPort}`,
      controllerAddress: `127.0.0.1:${ports.controllerPort}`,
      logDir: join(dir, `${name}-data`),
    }),
    ...overrides,
  };
  writeFileSync(properties, toProperties(config));
  writeFileSync(log4jFile(dir), LOG4J2);
  await execute(
    kafka.java,
    [
      ...kafka.jvm(log4jFile(dir), ...kafka.cds.readFlags),
      'kafka.tools.StorageTool',
      'format',
      '-t',
      clusterId(),
      '-c',
      properties,
    ],
    { timeoutMs: 60_000 },
  );
  return properties;
}

/** Runs a prepared broker until it answers kafkajs, or fails with the tail of its log. */
export async function runBroker(
  kafka: KafkaInstallation,
  properties: string,
  options: Readonly<{ dir: string; logName: string; port: number; cdsFlags: string[] }>,
): Promise<ServiceProcess> {
  const server = spawnService({
    name: 'kafka',
    command: kafka.java,
    args: [...kafka.jvm(log4jFile(options.dir), ...options.cdsFlags), 'kafka.Kafka', properties],
    logFile: join(options.dir, `${options.logName}.log`),
  });
  try {
    await waitForKafka(`127.0.0.1:${options.port}`, { timeoutMs: 60_000, process: server });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

function log4jFile(dir: string): string {
  return join(dir, 'log4j2.properties');
}

/** A random cluster id in Kafka's base64url form (never starting with '-', like Kafka's own). */
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export function javaBinary(): string {
  if (process.env.JAVA_HOME) return join(process.env.JAVA_HOME, 'bin', 'java');
  const java = commandPath('java');
  if (!java) {
    throw new Error(
      'kafka: no java on PATH (Kafka 4 needs Java 17+); set JAVA_HOME or KAFKA_BROKERS',
    );
  }
  return java;
}
