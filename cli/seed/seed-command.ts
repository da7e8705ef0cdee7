import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import { loadConfig } from '../../platform/config/config';
import { ProgressReporter } from '../progress';
import { write } from '../text-output';
import { apiClient } from './api-client';
import { createCatalogue } from './catalogue-phase';
import { registerCustomers } from './customers-phase';
import { planDemo } from './demo-plan';
import { placeOrders } from './orders-phase';
import { PhaseProgress } from './phase-progress';
import { seedAdmin } from './seed-admin';
import { Session } from './session';
import { type SeedContext } from './seed-context';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_SIZE,
  type RawSeedOptions,
  seedSettings,
} from './seed-options';
import { summaryLines } from './summary';

/** `shopstream seed`: demo data through the public write API, as customers and an admin. */
export function seedCommand(): Command {
  return new Command('seed')
    .description(
      'Fill a running Shopstream with demo data through its HTTP APIs: products across ' +
        'categories, users with addresses, and orders in every state (the saga decides; seed ' +
        'pays, ships, delivers and cancels some). Works against npm start, the separate ' +
        'processes and the gateway alike.',
    )
    .option('--users <n>', `customers to register (default ${DEFAULT_SIZE.users})`)
    .option('--products <n>', `products to create (default ${DEFAULT_SIZE.products})`)
    .option('--orders <n>', `orders to place (default ${DEFAULT_SIZE.orders})`)
    .option(
      '--seed-value <n>',
      'the same value makes the same names, prices and orders again (default 1); SKUs and ' +
        'emails carry a tag new to each run, so seeding twice never collides',
    )
    .option('--concurrency <n>', `requests in flight (default ${DEFAULT_CONCURRENCY})`)
    .option('--url <url>', 'one gateway for both APIs (the compose topology)')
    .option('--write-url <url>', 'the write API (default http://127.0.0.1:$WRITE_API_PORT)')
    .option('--read-url <url>', 'the read API (default http://127.0.0.1:$READ_API_PORT)')
    .addHelpText(
      'after',
      '\nThe defaults take well under a minute on `npm start`: 12 users cost 12 registrations ' +
        'and\n13 logins, under the 30 a minute one client may send to each ' +
        '(AUTH_RATE_LIMIT_PER_MINUTE),\nso they never wait on it. Larger runs wait out 429 and ' +
        '503 answers as their Retry-After says,\nand show it. The admin is ' +
        'ADMIN_EMAIL/ADMIN_PASSWORD, else the one npm start generated in\n' +
        'DATA_DIR/secrets/admin.json.',
    )
    .action(async (options: RawSeedOptions) => write(await seed(options)));
}

async function seed(options: RawSeedOptions): Promise<string[]> {
  const config = loadConfig();
  const settings = seedSettings(options, config);
  const admin = await seedAdmin(config);
  const started = performance.now();
  const progress = new PhaseProgress(
    new ProgressReporter(process.stderr, { tty: process.stderr.isTTY === true }),
  );
  const client = (baseUrl: string, name: string) =>
    apiClient({ baseUrl, name, onWait: (message) => progress.note(message) });
  const write = client(settings.writeUrl, 'write API');
  const read = client(settings.readUrl, 'read API');

  // Both APIs answer (or one line says which does not) before anything is written.
  await read.call({ method: 'GET', path: '/categories' });
  const session = new Session(write, admin.email, admin.password);
  await session.token().catch((error: Error) => {
    throw new Error(
      `cannot log in as the admin ${admin.email} (${admin.source}): ${error.message}`,
    );
  });
  const context: SeedContext = {
    write,
    read,
    concurrency: settings.concurrency,
    progress,
    admin: session,
  };
  // Random, not from --seed-value: a second run with the same value must not reuse its SKUs.
  const plan = planDemo(settings.size, settings.seedValue, randomBytes(3).toString('hex'));
  const products = await createCatalogue(context, plan.products);
  const customers = await registerCustomers(context, plan.users, plan.password);
  const orders = await placeOrders(context, plan.orders, customers, products, plan.runTag);
  progress.finish();
  return summaryLines({
    writeUrl: settings.writeUrl,
    readUrl: settings.readUrl,
    runTag: plan.runTag,
    seedValue: settings.seedValue,
    password: plan.password,
    admin,
    products,
    customers,
    orders,
    elapsedMs: performance.now() - started,
  });
}
