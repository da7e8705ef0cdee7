import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

const VERSION_FILE = resolve(__dirname, '../../../scripts/kafka-version');

/** The Apache Kafka version under test: scripts/kafka-version, or SHOPSTREAM_KAFKA_VERSION. */
export function kafkaVersion(): string {
  const override = process.env.SHOPSTREAM_KAFKA_VERSION?.trim();
  return override || readVersionFile(VERSION_FILE);
}

/** Where scripts/install-test-services.sh puts the broker jars for `version`. */
export function kafkaHome(version: string): string {
  return join(testToolsCache(), `kafka-${version}`);
}

/** The first non-comment line of a scripts/*-version file. */
export function readVersionFile(path: string): string {
  const version = readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .find((line) => line.length > 0);
  if (!version) throw new Error(`no version line in ${path}`);
  return version;
}

/** The folder scripts/install-test-services.sh installs into (SHOPSTREAM_CACHE_DIR). */
export function testToolsCache(): string {
  return process.env.SHOPSTREAM_CACHE_DIR || join(homedir(), '.cache', 'shopstream');
}
