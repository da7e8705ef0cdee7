import { type PlannedUser } from './demo-plan';
import { mapLimited } from './limited';
import { type SeedContext } from './seed-context';
import { Session } from './session';

export type Customer = Readonly<{
  userId: string;
  session: Session;
  addressIds: readonly string[];
  planned: PlannedUser;
}>;

/**
 * Registers each demo user, logs in as them and adds their addresses, as a customer of the web
 * shop would. Registration and login cost a password hash and are rate-limited per client;
 * the API client waits out the 429s and 503s those answer.
 */
export async function registerCustomers(
  context: SeedContext,
  users: readonly PlannedUser[],
  password: string,
): Promise<Customer[]> {
  const { write, progress } = context;
  progress.start('registering users', 'users', users.length);
  return mapLimited(users, context.concurrency, async (planned) => {
    const { body: registered } = await write.call<{ userId: string }>({
      method: 'POST',
      path: '/auth/register',
      body: { email: planned.email, password, name: planned.name },
    });
    const session = new Session(write, planned.email, password);
    const token = await session.token();
    const addressIds: string[] = [];
    for (const address of planned.addresses) {
      const { body } = await write.call<{ addressId: string }>({
        method: 'POST',
        path: '/users/me/addresses',
        token,
        body: address,
      });
      addressIds.push(body.addressId);
    }
    progress.advance();
    return { userId: registered.userId, session, addressIds, planned };
  });
}
