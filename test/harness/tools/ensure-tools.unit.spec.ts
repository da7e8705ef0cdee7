import { type ToolEnvironment, ensureTools } from './ensure-tools';
import { type TestTool, missingTools, planTools } from './plan';

/** A tool whose probe answers from a flag the test flips, as an install would. */
function tool(name: string, service?: TestTool['service'], present = false) {
  const state = { present };
  const testTool: TestTool = { name, service, isPresent: () => state.present };
  return { testTool, state };
}

describe('missingTools', () => {
  it('needs a service’s tools only when the harness runs that service locally', () => {
    const postgres = tool('PostgreSQL (initdb)', 'postgres').testTool;
    const compose = tool('docker-compose').testTool;
    expect(missingTools([postgres, compose], [])).toEqual([compose]);
    expect(missingTools([postgres, compose], ['postgres'])).toEqual([postgres, compose]);
  });

  it('leaves out what is present', () => {
    const redis = tool('redis-server', 'redis', true).testTool;
    expect(missingTools([redis], ['redis'])).toEqual([]);
  });
});

describe('planTools', () => {
  it('does nothing when nothing is missing', () => {
    expect(planTools([], true)).toEqual({ action: 'none' });
  });

  it('runs the install script when the machine can install, saying so in one line', () => {
    const plan = planTools([tool('redis-server', 'redis').testTool], true);
    expect(plan).toEqual({
      action: 'install',
      line: '[harness] missing redis-server: running scripts/install-test-services.sh',
    });
  });

  it('otherwise names what to install and the variables that would replace it', () => {
    const missing = [tool('Java 17+', 'kafka').testTool, tool('redis-server', 'redis').testTool];
    expect(planTools(missing, false)).toEqual({
      action: 'fail',
      line:
        '[harness] missing Java 17+, redis-server: install them ' +
        '(as root on Debian: bash scripts/install-test-services.sh) or set KAFKA_BROKERS, REDIS_URL',
    });
  });

  it('offers no variable when a missing tool is needed whatever the URLs', () => {
    const missing = [
      tool('PostgreSQL (initdb)', 'postgres').testTool,
      tool('schemathesis').testTool,
    ];
    const plan = planTools(missing, false);
    expect(plan.action).toBe('fail');
    expect(plan.action === 'fail' && plan.line).not.toContain('DATABASE_URL');
    expect(plan.action === 'fail' && plan.line).not.toContain('\n');
  });
});

describe('ensureTools', () => {
  function machine(tools: TestTool[], canInstall: boolean, install: () => number | null) {
    const log: string[] = [];
    const runs: number[] = [];
    const env: ToolEnvironment = {
      tools,
      canInstall,
      runInstallScript: () => {
        runs.push(1);
        return install();
      },
      log: (line) => log.push(line),
    };
    return { env, log, runs };
  }

  it('runs no script when everything is present', () => {
    const { env, runs, log } = machine(
      [tool('docker-compose', undefined, true).testTool],
      true,
      () => 0,
    );
    ensureTools(['postgres'], env);
    expect(runs).toHaveLength(0);
    expect(log).toHaveLength(0);
  });

  it('installs what is missing when it may, then goes on', () => {
    const kafkaJars = tool('Apache Kafka jars', 'kafka');
    const { env, runs, log } = machine([kafkaJars.testTool], true, () => {
      kafkaJars.state.present = true;
      return 0;
    });
    ensureTools(['kafka'], env);
    expect(runs).toHaveLength(1);
    expect(log).toEqual([
      '[harness] missing Apache Kafka jars: running scripts/install-test-services.sh',
    ]);
  });

  it('fails with the one line, running nothing, when it may not install', () => {
    const { env, runs } = machine([tool('redis-server', 'redis').testTool], false, () => 0);
    expect(() => ensureTools(['redis'], env)).toThrow(
      '[harness] missing redis-server: install it ' +
        '(as root on Debian: bash scripts/install-test-services.sh) or set REDIS_URL',
    );
    expect(runs).toHaveLength(0);
  });

  it('fails when the script fails', () => {
    const { env } = machine([tool('redis-server', 'redis').testTool], true, () => 100);
    expect(() => ensureTools(['redis'], env)).toThrow(
      '[harness] scripts/install-test-services.sh failed (exit 100)',
    );
  });

  it('fails when the script succeeded but the tool is still not found', () => {
    const { env } = machine([tool('redis-server', 'redis').testTool], true, () => 0);
    expect(() => ensureTools(['redis'], env)).toThrow(
      '[harness] scripts/install-test-services.sh ran but redis-server still cannot be found',
    );
  });
});
