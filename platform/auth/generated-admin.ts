import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../config/config-error';
import { createPrivateFileOnce } from './private-file';
import { assertSecretsArePrivate } from './private-secrets';

/**
 * The admin account of `shopstream start` when ADMIN_EMAIL/ADMIN_PASSWORD are unset: made up
 * on the first start and kept beside the JWT key, so a restart signs in the same admin rather
 * than making another, and shows the password only the one time it was made.
 */
export type GeneratedAdmin = Readonly<{
  email: string;
  password: string;
  /** Where the credentials are kept (mode 0600, in the private secrets directory). */
  path: string;
  /** True on the start that made them: the only time the password is shown. */
  created: boolean;
}>;

export const GENERATED_ADMIN_EMAIL = 'admin@shopstream.localhost';

export function generatedAdminPath(dataDir: string): string {
  return path.join(dataDir, 'secrets', 'admin.json');
}

export async function loadOrCreateGeneratedAdmin(dataDir: string): Promise<GeneratedAdmin> {
  const file = generatedAdminPath(dataDir);
  try {
    await assertSecretsArePrivate(path.dirname(file));
    // 24 random bytes: 192 bits, far past guessing, and 32 characters a person can still copy.
    const fresh = { email: GENERATED_ADMIN_EMAIL, password: randomBytes(24).toString('base64url') };
    const created = await createPrivateFileOnce(file, `${JSON.stringify(fresh, null, 2)}\n`);
    return { ...(await readCredentials(file)), path: file, created };
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      'DATA_DIR',
      `cannot keep the generated admin account at ${file}: ${reason}`,
    );
  }
}

/**
 * The generated admin a `shopstream start` on `dataDir` made, for a client on the same machine
 * (`shopstream seed`); undefined when there is none. It never creates one.
 */
export async function readGeneratedAdmin(
  dataDir: string,
): Promise<{ email: string; password: string; path: string } | undefined> {
  const file = generatedAdminPath(dataDir);
  try {
    return { ...(await readCredentials(file)), path: file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      'DATA_DIR',
      `cannot read the generated admin account at ${file}: ${reason}`,
    );
  }
}

async function readCredentials(file: string): Promise<{ email: string; password: string }> {
  const stored: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (
    typeof stored === 'object' &&
    stored !== null &&
    'email' in stored &&
    'password' in stored &&
    typeof stored.email === 'string' &&
    typeof stored.password === 'string'
  ) {
    return { email: stored.email, password: stored.password };
  }
  throw new Error(
    'it does not hold {"email", "password"} (delete it, or set ADMIN_EMAIL/ADMIN_PASSWORD)',
  );
}
