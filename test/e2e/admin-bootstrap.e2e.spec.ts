import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { CommandRunner } from '../../platform/commands/command-runner';
import { ConfigError } from '../../platform/config/config-error';
import { bootstrapAdmin, createWriteApi, ensureAdminAccount } from '../../write-side/main';
import { allEventsOfType, jwtPayload, logIn, register, uniqueEmail } from './accounts.testing';
import { type WriteApiUnderTest, startWriteApi } from './write-api.testing';

const ADMIN_EMAIL = `admin-${randomUUID()}@example.com`;
const ADMIN_PASSWORD = 'admin secret 1';
const silent = pino({ level: 'silent' });

describe('admin bootstrap (ADMIN_EMAIL / ADMIN_PASSWORD)', () => {
  let api: WriteApiUnderTest;
  let runner: CommandRunner;
  beforeAll(async () => {
    api = await startWriteApi({ ADMIN_EMAIL, ADMIN_PASSWORD });
    runner = new CommandRunner(api.eventStore);
  });
  afterAll(() => api.close());

  const registrationsOf = async (email: string) =>
    (await allEventsOfType(api, 'UserRegistered')).filter(
      (e) => e.data.normalisedEmail === email.toLowerCase(),
    );

  it('creates an admin at start who can log in', async () => {
    const tokens = await logIn(api, ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(jwtPayload(tokens.accessToken).roles).toEqual(['admin']);
    expect(await registrationsOf(ADMIN_EMAIL)).toHaveLength(1);
  });

  it('creates nothing more on a restart or on concurrent starts', async () => {
    const restarted = await createWriteApi({
      config: { ...api.config, writeApiPort: 0 },
      logger: silent,
      eventStore: api.eventStore,
    });
    await restarted.close();
    await Promise.all(
      Array.from({ length: 5 }, () =>
        bootstrapAdmin(runner, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, silent),
      ),
    );
    expect(await registrationsOf(ADMIN_EMAIL)).toHaveLength(1);
  });

  it('lets exactly one of concurrent first starts create the admin', async () => {
    const email = uniqueEmail('fresh-admin');
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () =>
        ensureAdminAccount(runner, { email, password: ADMIN_PASSWORD }, { grantExisting: false }),
      ),
    );
    expect(outcomes.filter((o) => o.outcome === 'created')).toHaveLength(1);
    expect(outcomes.every((o) => ['created', 'already-admin', 'pending'].includes(o.outcome))).toBe(
      true,
    );
    expect(await registrationsOf(email)).toHaveLength(1);
  });

  it('does not promote a customer who registered the admin email first', async () => {
    const { email, userId } = await register(api, uniqueEmail('squatter'));
    await bootstrapAdmin(runner, { email, password: ADMIN_PASSWORD }, silent);
    expect(
      (await allEventsOfType(api, 'UserRoleGranted')).filter((e) => e.data.userId === userId),
    ).toEqual([]);
    expect(jwtPayload((await logIn(api, email)).accessToken).roles).toEqual(['customer']);
  });

  it('stops the start with a ConfigError naming ADMIN_PASSWORD when it breaks the policy', async () => {
    const attempt = bootstrapAdmin(
      runner,
      { email: uniqueEmail('weak-admin'), password: 'weak' },
      silent,
    );
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow('ADMIN_PASSWORD: must be at least 8 characters');
  });
});
