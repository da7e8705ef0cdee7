const os = require('node:os');

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
  // Jest's default is one worker fewer than the cores: one on a 2-core CI machine, where most
  // integration suites spend their time waiting on the servers and processes they started. Two
  // at least keep both cores busy (a 2-core run: about 15 minutes with one worker).
  maxWorkers: Math.max(2, os.availableParallelism() - 1),
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
