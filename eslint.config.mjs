// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Packages that do I/O or belong to a framework: the domain must stay pure. */
export const forbiddenInDomain = [
  '@nestjs/*',
  'pg',
  'pg-*',
  'knex',
  'kafkajs',
  'ioredis',
  'nodemailer',
  'smtp-server',
  '@eventstore/*',
  '@electric-sql/*',
  'fastify',
  '@fastify/*',
  'pino',
  'node:*',
  'fs',
  'net',
  'http',
  'https',
  'child_process',
  'crypto',
];

/** Folder boundaries from STYLE.md: a layer never reaches into the folders named here. */
const forbiddenFolders = {
  projections: ['write-side', 'process-managers', 'read-api', 'relay'],
  'read-api': ['write-side', 'process-managers'],
  'process-managers': ['write-side', 'read-api', 'relay'],
  platform: ['write-side', 'projections', 'read-api', 'process-managers', 'relay'],
  relay: ['write-side', 'projections', 'read-api', 'process-managers'],
  cli: [],
  test: [],
  bench: [],
};

/**
 * What a forbidden folder still publishes to the read side: the process managers' status query
 * (a read of their bookkeeping tables, for GET /process-managers), nothing else.
 */
const publishedBy = {
  'process-managers': ['runtime/status'],
};

/**
 * Every folder outside write-side/ that may import it at all reaches it through its entry point,
 * `write-side/main`, never a file deep inside (one flat-config entry per folder, since a later
 * `no-restricted-imports` entry replaces an earlier one for the same file).
 */
function layerRules() {
  return Object.entries(forbiddenFolders).map(([layer, folders]) => {
    const patterns = folders.map((folder) => ({
      // A regex, since a glob cannot re-allow a file inside a folder it excludes.
      regex: `(^|/)${folder}(/(?!(${(publishedBy[folder] ?? []).join('|')})$).*)?$`,
      message: `this layer must not import ${folder}/ (see docs/ARCHITECTURE.md).`,
    }));
    if (!folders.includes('write-side')) {
      patterns.push({
        group: ['**/write-side/**', '!**/write-side/main'],
        message: 'import the write side only through its entry point, write-side/main.',
      });
    }
    return {
      files: [`${layer}/**/*.ts`],
      rules: { 'no-restricted-imports': ['error', { patterns }] },
    };
  });
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', '.data/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.ts'],
    // Tells consistent-type-imports that a class named in a decorated signature is a value
    // (emitDecoratorMetadata needs it at run time, e.g. a DTO for Nest's ValidationPipe).
    languageOptions: {
      parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  {
    files: ['domain/**/*.ts'],
    ignores: ['domain/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: forbiddenInDomain,
              message: 'domain/ is pure: no framework or I/O imports (see docs/ARCHITECTURE.md).',
            },
          ],
        },
      ],
    },
  },
  ...layerRules(),
  {
    files: ['domain/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: forbiddenInDomain.filter((p) => p !== 'node:*'),
              message: 'domain tests stay pure too.',
            },
          ],
        },
      ],
    },
  },
);
