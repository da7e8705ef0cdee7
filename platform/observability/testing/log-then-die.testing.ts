import { fstatSync } from 'node:fs';
import { createLogger } from '../logger';

// Run by logger-exit.unit.spec.ts with stdout redirected to a file: logs `count` lines to the
// default destination, reports on stderr how many bytes had reached the file when logging
// returned, then ends the way a failing process does (`exit`: process.exit(3), as the CLI
// exits on a failure; `crash`: an uncaught exception).
const [how, count] = process.argv.slice(2);
const logger = createLogger({ name: 'log-then-die' });
for (let line = 0; line < Number(count); line++) logger.info({ line }, 'before the end');
process.stderr.write(`written when logging returned: ${fstatSync(1).size}\n`);
if (how === 'exit') process.exit(3);
throw new Error('crash right after logging');
