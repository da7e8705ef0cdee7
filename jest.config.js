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

module.exports = {
  // One worker, whatever the cores: the integration suites share one PostgreSQL cluster, and a
  // reader of $all stops short of events behind any transaction in flight anywhere on it (xmin is
  // cluster-wide). Suites that catch up to the head or check "appended nothing" then see another
  // suite's transactions: a run with two workers failed three of them.
  maxWorkers: 1,
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
      setupFilesAfterEnv: ['<rootDir>/test/jest/integration-timeout.ts'],
    },
  ],
};
