// Runs the CLI from its TypeScript sources (tests need no build): node -r ts-node/register ...
import { run } from '../../cli/main';

run(process.argv);
