import { type Migration } from '../../platform/read-model-db/migrations';
import { projectionBookkeeping } from './0001-projection-bookkeeping';

/**
 * The read-model schema, oldest first. Append new migrations; never edit or reorder one that
 * has shipped (its name is recorded in `read_model_migrations`).
 */
export const readModelMigrations: readonly Migration[] = [projectionBookkeeping];
