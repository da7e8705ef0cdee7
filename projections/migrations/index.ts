import { type Migration } from '../../platform/read-model-db/migrations';
import { projectionBookkeeping } from './0001-projection-bookkeeping';
import { generationsAndFailures } from './0002-generations-and-failures';
import { relayAndInProcessBus } from './0003-relay-and-in-process-bus';
import { processManagers } from './0004-process-managers';
import { coordinationLeases } from './0005-coordination-leases';
import { projectionRefusals } from './0006-projection-refusals';

/**
 * The fixed part of the read-model database's schema, oldest first: the workers' own
 * bookkeeping (projection checkpoints, the relay's checkpoint and the in-process bus, process
 * managers' inbox, state and schedule, worker leases without Redis, workers refusing newer
 * projection tables), kept in one list because knex applies one. The
 * read models' tables are not here: each projection defines them (its `tables`), and the runtime
 * creates one copy per generation, because a rebuild needs fresh ones beside the live ones.
 * Append new migrations; never edit or reorder one that has shipped (its name is recorded in
 * `read_model_migrations`).
 */
export const readModelMigrations: readonly Migration[] = [
  projectionBookkeeping,
  generationsAndFailures,
  relayAndInProcessBus,
  processManagers,
  coordinationLeases,
  projectionRefusals,
];
