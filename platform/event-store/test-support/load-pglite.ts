import nodeModule from 'node:module';
import { type PGlite as PGliteType } from '@electric-sql/pglite';

/**
 * PGlite's CommonJS build calls `import('fs')` and friends while starting. Inside Jest's module
 * sandbox that throws "A dynamic import callback was invoked without --experimental-vm-modules"
 * unless node runs with that flag. Jest's `createRequire` stays inside the sandbox, but its
 * `Module` keeps Node's own static loader, so loading the package through `Module._load` compiles
 * it natively and the tests pass with or without the flag. Production code imports it normally.
 */
type NodeLoader = { _load(request: string, parent: unknown, isMain: boolean): unknown };

const loaded = (nodeModule as unknown as NodeLoader)._load(
  require.resolve('@electric-sql/pglite'),
  null,
  false,
) as { PGlite: typeof PGliteType };

export const PGlite = loaded.PGlite;
