import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Proves the lint rules that keep the architecture honest really fire: a framework or I/O
 * import under domain/, an import across a forbidden layer boundary, and an import of a file
 * deep inside write-side/ (anything but its entry point, write-side/main), are errors.
 */
type Probe = { file: string; code: string };

const domainImports = [
  "import { Injectable } from '@nestjs/common';",
  "import { Pool } from 'pg';",
  "import knex from 'knex';",
  "import { Kafka } from 'kafkajs';",
  "import Redis from 'ioredis';",
  "import { randomUUID } from 'node:crypto';",
  "import { EventStoreDBClient } from '@eventstore/db-client';",
];
const crossLayerImports: Array<[string, string]> = [
  ['projections/catalog/probe.ts', "import { x } from '../../write-side/main';"],
  ['read-api/probe.ts', "import { x } from '../write-side/main';"],
  ['process-managers/probe.ts', "import { x } from '../write-side/main';"],
  ['platform/probe.ts', "import { x } from '../projections/runtime';"],
  ['platform/probe.ts', "import { x } from '../relay';"],
  ['relay/probe.ts', "import { x } from '../write-side/main';"],
  ['relay/probe.ts', "import { x } from '../process-managers/runtime/worker';"],
  ['relay/probe.ts', "import { x } from '../projections/runtime/checkpoints';"],
  ['process-managers/probe.ts', "import { x } from '../relay';"],
  ['read-api/probe.ts', "import { x } from '../process-managers/runtime/worker';"],
  ['read-api/probe.ts', "import { x } from '../process-managers';"],
];
/** What a forbidden folder still publishes to the read side. */
const publishedImports: Array<[string, string]> = [
  ['read-api/probe.ts', "import { x } from '../process-managers/runtime/status';"],
];
const deepWriteSideImports: Array<[string, string]> = [
  ['cli/probe.ts', "import { x } from '../write-side/auth/bootstrap-admin';"],
  ['test/e2e/probe.ts', "import { x } from '../../write-side/shared/tokens';"],
  ['bench/write/probe.ts', "import { type x } from '../../write-side/orders/order-responses';"],
];
const entryPointImports: Array<[string, string]> = [
  ['cli/probe.ts', "import { x } from '../write-side/main';"],
  ['test/e2e/probe.ts', "import { x } from '../../write-side/main';"],
];
const allowed: Probe = {
  file: 'domain/order/probe.ts',
  code: "import { assertNever } from '../shared/decider';\nexport const x = assertNever;\n",
};
const probes: Probe[] = [
  ...domainImports.map((line) => ({
    file: 'domain/order/probe.ts',
    code: `${line}\nexport const x = 1;\n`,
  })),
  ...[...crossLayerImports, ...publishedImports, ...deepWriteSideImports, ...entryPointImports].map(
    ([file, line]) => ({
      file,
      code: `${line}\nexport const y = x;\n`,
    }),
  ),
  allowed,
];

let results: string[][] = [];
beforeAll(() => {
  const out = execFileSync(process.execPath, [
    path.join(__dirname, 'lint-probe.js'),
    JSON.stringify(probes),
  ]);
  results = JSON.parse(out.toString()) as string[][];
}, 60_000);

function restrictedImportMessages(file: string, code: string): string[] {
  const index = probes.findIndex((p) => p.file === file && p.code === code);
  return results[index];
}

describe('domain purity', () => {
  it.each(domainImports)('rejects %s under domain/', (line) => {
    const messages = restrictedImportMessages(
      'domain/order/probe.ts',
      `${line}\nexport const x = 1;\n`,
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('domain/ is pure');
  });

  it('accepts imports inside the domain', () => {
    expect(restrictedImportMessages(allowed.file, allowed.code)).toEqual([]);
  });
});

describe('layer boundaries', () => {
  it.each(crossLayerImports)('rejects %s importing %s', (file, line) => {
    const messages = restrictedImportMessages(file, `${line}\nexport const y = x;\n`);
    expect(messages).toHaveLength(1);
  });

  it.each(publishedImports)('lets %s import what is published: %s', (file, line) => {
    expect(restrictedImportMessages(file, `${line}\nexport const y = x;\n`)).toEqual([]);
  });
});

describe('the write side from outside', () => {
  it.each(deepWriteSideImports)('rejects %s importing %s', (file, line) => {
    const messages = restrictedImportMessages(file, `${line}\nexport const y = x;\n`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('only through its entry point, write-side/main');
  });

  it.each(entryPointImports)('lets %s import its entry point: %s', (file, line) => {
    expect(restrictedImportMessages(file, `${line}\nexport const y = x;\n`)).toEqual([]);
  });
});
