/** @type {import('jest').Config} */
const common = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.ts$': 'ts-jest',
    // jose ships only ES modules. Node (20.19+) loads them with require(); Jest's loader does
    // not, so they are compiled to CommonJS like our own files.
    '/node_modules/jose/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleNameMapper: {
    '^content-disposition$': '<rootDir>/test/jest/content-disposition.js',
  },
};

/**
 * Two workers by default: most integration suites wait on servers and child processes more than
 * they compute, so two share even a 2-core machine well. Each worker gets a PostgreSQL cluster of
 * its own (test/harness/worker-databases.ts says why one shared cluster is not enough); when
 * DATABASE_URL comes from the environment there is one cluster, so one worker.
 * SHOPSTREAM_TEST_WORKERS overrides.
 */
function testWorkers() {
  if (process.env.SHOPSTREAM_TEST_WORKERS) return Number(process.env.SHOPSTREAM_TEST_WORKERS);
  return process.env.DATABASE_URL ? 1 : 2;
}

module.exports = {
  maxWorkers: testWorkers(),
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/**/*.unit.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/**/*.int.spec.ts', '<rootDir>/**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/test/harness/global-setup.ts',
      globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
      setupFiles: ['<rootDir>/test/jest/worker-database.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/jest/integration-timeout.ts'],
    },
  ],
};
