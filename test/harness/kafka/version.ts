import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

const VERSION_FILE = resolve(__dirname, '../../../scripts/kafka-version');

/** The Apache Kafka version under test: scripts/kafka-version, or SHOPSTREAM_KAFKA_VERSION. */
export function kafkaVersion(): string {
  const override = process.env.SHOPSTREAM_KAFKA_VERSION?.trim();
  if (override) return override;
  const version = readFileSync(VERSION_FILE, 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .find((line) => line.length > 0);
  if (!version) throw new Error(`kafka: no version line in ${VERSION_FILE}`);
  return version;
}

/** Where scripts/install-test-services.sh puts the broker jars for `version`. */
export function kafkaHome(version: string): string {
  const cache = process.env.SHOPSTREAM_CACHE_DIR || join(homedir(), '.cache', 'shopstream');
  return join(cache, `kafka-${version}`);
}
