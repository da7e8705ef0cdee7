import { type BenchReport, machineInfo, renderReport, saveReport } from '../report';
import { type WriteBenchConfig } from './config';
import { type WindowResult } from './measure-window';
import { writeBenchNotes } from './notes';
import { type WriteBenchSession } from './session';
import { type WriteBenchResults } from './results';
import { type ScryptCost } from './scrypt-cost';
import {
  costTable,
  embeddedTable,
  failures,
  headlineTable,
  profileTables,
  scryptTable,
} from './tables';

export function writeReport(
  run: { startedAt: string; durationSeconds: number },
  session: WriteBenchSession,
  config: WriteBenchConfig,
  scrypt: readonly ScryptCost[],
  windows: readonly WindowResult[],
): BenchReport {
  const { services, floorEvent } = session;
  const results: WriteBenchResults = {
    config,
    scrypt,
    floorEvent: {
      type: floorEvent.type,
      dataBytes: JSON.stringify(floorEvent.data).length,
      metadataBytes: JSON.stringify(floorEvent.metadata).length,
    },
    windows,
  };
  return {
    benchmark: 'write',
    ...run,
    environment: {
      ...machineInfo(),
      'pg source': services.postgres.source,
      ...session.serverInfo,
      redis: `${services.redisDetail} (${services.redisSource})`,
      processes: 'autocannon in the parent; write API and floor each in a child process',
      'pg pool size': config.poolSize,
      UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? '4 (default)',
      window: `${config.warmupSeconds} s warm-up, then ${config.durationSeconds} s measured, one run`,
      'floor event':
        `${results.floorEvent.type}, ${results.floorEvent.dataBytes} B data + ` +
        `${results.floorEvent.metadataBytes} B metadata`,
    },
    tables: [
      headlineTable(windows),
      costTable(windows),
      scryptTable(scrypt, windows),
      ...embeddedTable(windows),
      ...profileTables(windows),
    ],
    notes: writeBenchNotes(results, session.shop),
    results,
  };
}

/** Any non-2xx or connection error makes the numbers meaningless: say so, keep the evidence. */
export async function failIfAnyRequestFailed(report: BenchReport): Promise<void> {
  const { windows } = report.results as WriteBenchResults;
  const failed = windows.filter((w) => failures(w) > 0);
  if (failed.length === 0) return;
  const file = await saveReport(report);
  const lines = failed.map((w) => {
    const first = w.load.firstFailure;
    return (
      `  ${w.workload} @${w.connections}: ${failures(w)} failed ` +
      `(status codes ${JSON.stringify(w.load.statusCodes)}, connection errors ${w.load.errors})` +
      (first ? `; first: ${first.status} ${first.body}` : '')
    );
  });
  console.error(renderReport(report));
  throw new Error(
    `write benchmark: requests failed, the numbers are not valid (report kept in ${file}):\n` +
      lines.join('\n'),
  );
}

export type { WriteBenchResults } from './results';
