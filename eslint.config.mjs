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

/** Folder boundaries from STYLE.md: a layer never reaches into the ones named here. */
function layerRules(files, forbiddenFolders) {
  return [
    {
      files,
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: forbiddenFolders.map((folder) => ({
              group: [`**/${folder}`, `**/${folder}/**`],
              message: `this layer must not import ${folder}/ (see docs/ARCHITECTURE.md).`,
            })),
          },
        ],
      },
    },
  ];
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
  ...layerRules(['projections/**/*.ts'], ['write-side', 'process-managers', 'read-api']),
  ...layerRules(['read-api/**/*.ts'], ['write-side', 'process-managers']),
  ...layerRules(['process-managers/**/*.ts'], ['write-side', 'read-api']),
  ...layerRules(
    ['platform/**/*.ts'],
    ['write-side', 'projections', 'read-api', 'process-managers'],
  ),
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
