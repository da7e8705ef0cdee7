import { loadOrCreateGeneratedAdmin } from '../platform/auth/generated-admin';
import { type AppConfig } from '../platform/config/config';
import { type AdminShown } from './start-banner';

/**
 * The admin account `shopstream start` makes sure of: ADMIN_EMAIL/ADMIN_PASSWORD when set,
 * otherwise one generated on the first start, so a newcomer can sign in as admin at once.
 * Only `start` generates one: separately deployed write APIs each have their own DATA_DIR,
 * and would each invent a different password for the one account the first of them made.
 */
export async function startAdmin(
  config: AppConfig,
): Promise<{ credentials: { email: string; password: string }; shown: AdminShown }> {
  if (config.admin) {
    return {
      credentials: config.admin,
      shown: { email: config.admin.email, source: 'ADMIN_EMAIL' },
    };
  }
  const generated = await loadOrCreateGeneratedAdmin(config.dataDir);
  const { email, password, path } = generated;
  return {
    credentials: { email, password },
    shown: {
      email,
      source: 'generated',
      path,
      ...(generated.created ? { password } : {}),
    },
  };
}
