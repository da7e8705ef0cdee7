import { type Migration } from '../../platform/read-model-db/migrations';
import { projectionBookkeeping } from './0001-projection-bookkeeping';
import { generationsAndFailures } from './0002-generations-and-failures';

/**
 * The fixed part of the read-model schema, oldest first: the runtime's own bookkeeping. The
 * read models' tables are not here: each projection defines them (its `tables`), and the runtime
 * creates one copy per generation, because a rebuild needs fresh ones beside the live ones.
 * Append new migrations; never edit or reorder one that has shipped (its name is recorded in
 * `read_model_migrations`).
 */
export const readModelMigrations: readonly Migration[] = [
  projectionBookkeeping,
  generationsAndFailures,
];
