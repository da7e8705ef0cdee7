/** The read models' knex (queries use the logical views, never `__g<n>` tables). */
export const READ_MODELS = Symbol('READ_MODELS');
/** The event store: head position and lag for GET /projections. */
export const EVENT_STORE = Symbol('EVENT_STORE');
/** Projection checkpoints as they advance, for X-Min-Position. */
export const CHECKPOINT_WATCH = Symbol('CHECKPOINT_WATCH');
/** Signs and checks the keyset cursors of paged lists (cursor.ts). */
export const CURSORS = Symbol('CURSORS');
