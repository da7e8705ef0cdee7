import { randomUUID } from 'node:crypto';
import { CommandRunner } from '../platform/commands/command-runner';
import { loadConfig } from '../platform/config/config';
import { openEventStore } from '../platform/event-store/open-event-store';
import { createTestDatabase, type TestDatabase } from '../test/harness';
import { registerUser } from '../write-side/main';
import { buildProgram } from './program';
import { createAdmin } from './users-create-admin';

describe('shopstream users create-admin', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase('cli_users');
    env = { DATABASE_URL: db.url, DATA_DIR: `/tmp/shopstream-cli-${randomUUID()}` };
  });
  afterAll(() => db.drop());

  const email = () => `admin-${randomUUID()}@example.com`;

  it('creates an admin, then says it already is one', async () => {
    const admin = email();
    expect(await createAdmin({ email: admin, password: 'admin pass 1' }, env)).toMatch(
      new RegExp(`^created admin ${admin} \\(user [0-9a-f-]{36}\\)$`),
    );
    expect(
      await createAdmin({ email: admin.toUpperCase(), password: 'admin pass 1' }, env),
    ).toMatch(/is already an admin/);
  });

  it('grants the admin role to an existing customer', async () => {
    const customer = email();
    const store = await openEventStore(loadConfig(env).eventStore);
    try {
      const { userId } = await registerUser(
        new CommandRunner(store),
        {
          userId: randomUUID(),
          email: customer,
          name: 'C',
          password: 'customer 1',
          roles: ['customer'],
        },
        { correlationId: 'test', userId: null, now: new Date().toISOString() },
      );
      expect(await createAdmin({ email: customer, password: 'ignored pass 1' }, env)).toBe(
        `granted the admin role to existing user ${customer} (user ${userId}); password unchanged`,
      );
      const types = (await store.readStream(`user-${userId}`)).map((e) => e.type);
      expect(types).toEqual(['UserRegistered', 'UserRoleGranted']);
    } finally {
      await store.close();
    }
  });

  it('fails with one clear line for a weak password', async () => {
    await expect(createAdmin({ email: email(), password: 'short' }, env)).rejects.toThrow(
      'cannot create admin: password: must be at least 8 characters',
    );
  });

  it('is registered in the program with --help', () => {
    const users = buildProgram().commands.find((c) => c.name() === 'users')!;
    const createAdminCommand = users.commands.find((c) => c.name() === 'create-admin')!;
    const help = createAdminCommand.helpInformation();
    expect(help).toContain('--email <email>');
    expect(help).toContain('--password <password>');
  });
});
