import { workerDatabaseUrl } from '../harness/worker-databases';

// Each jest worker uses the PostgreSQL cluster of its own (test/harness/worker-databases.ts).
const url = workerDatabaseUrl(process.env, process.env.JEST_WORKER_ID);
if (url) process.env.DATABASE_URL = url;
