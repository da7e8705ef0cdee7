import { existsSync } from 'node:fs';
import { findNginx } from '../../compose/gateway-nginx';
import { schemathesisBinary } from '../../e2e/schemathesis/schemathesis.testing';
import { kafkaHome, kafkaVersion } from '../kafka/version';
import { javaBinary } from '../local/kafka-broker';
import { clusterUser, postgresBinDir } from '../local/postgres';
import { redisServerBinary } from '../local/redis';
import { commandPath } from '../runtime/processes';
import { type TestTool } from './plan';

/**
 * What scripts/install-test-services.sh installs, each probed the way the test that runs it
 * looks for it: file and PATH lookups only, so a machine with everything answers at once.
 */
export function installedTools(): TestTool[] {
  return [
    {
      name: 'PostgreSQL (initdb)',
      service: 'postgres',
      // As root the cluster runs as the postgres user, which Debian's package creates.
      isPresent: () =>
        found(() => {
          clusterUser();
          return existsSync(postgresBinDir());
        }),
    },
    {
      name: 'redis-server',
      service: 'redis',
      isPresent: () => found(() => existsSync(redisServerBinary())),
    },
    {
      name: 'Java 17+',
      service: 'kafka',
      isPresent: () => found(() => existsSync(javaBinary())),
    },
    {
      name: `Apache Kafka ${kafkaVersion()} jars`,
      service: 'kafka',
      isPresent: () => existsSync(`${kafkaHome(kafkaVersion())}/.complete`),
    },
    { name: 'schemathesis', isPresent: () => found(() => Boolean(schemathesisBinary())) },
    { name: 'docker-compose', isPresent: () => commandPath('docker-compose') !== undefined },
    { name: 'nginx', isPresent: () => findNginx() !== undefined },
  ];
}

/** Whether `probe` finds the tool; the harness' lookups throw with a hint when they do not. */
function found(probe: () => unknown): boolean {
  try {
    return Boolean(probe());
  } catch {
    return false;
  }
}
