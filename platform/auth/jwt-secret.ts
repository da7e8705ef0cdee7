import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type AppConfig } from '../config/config';
import { ConfigError } from '../config/config-error';
import { createPrivateFileOnce } from './private-file';
import { assertSecretsArePrivate } from './private-secrets';

/**
 * The key that signs access tokens: JWT_SECRET when set, otherwise a random one kept under
 * DATA_DIR so that the write API and the read API, even as separate processes, share it and
 * tokens survive restarts.
 */
export type JwtSecret =
  | Readonly<{ key: Buffer; source: 'JWT_SECRET' }>
  | Readonly<{ key: Buffer; source: 'file'; path: string; created: boolean }>;

const MIN_LENGTH = 32;

export function jwtSecretPath(dataDir: string): string {
  return path.join(dataDir, 'secrets', 'jwt.key');
}

export async function loadJwtSecret(
  config: Pick<AppConfig, 'jwtSecret' | 'dataDir'>,
): Promise<JwtSecret> {
  if (config.jwtSecret !== undefined) {
    return { key: Buffer.from(config.jwtSecret, 'utf8'), source: 'JWT_SECRET' };
  }
  const file = jwtSecretPath(config.dataDir);
  try {
    await assertSecretsArePrivate(path.dirname(file));
    const existing = await readKeyFile(file);
    if (existing) return { key: existing, source: 'file', path: file, created: false };
    // Stored as base64url text and used as its UTF-8 bytes, like JWT_SECRET: an operator can
    // copy the file's content into JWT_SECRET and keep every issued token valid.
    const created = await createPrivateFileOnce(file, randomBytes(64).toString('base64url'));
    const key = await readKeyFile(file);
    if (!key) throw new Error('the key file vanished right after it was written');
    return { key, source: 'file', path: file, created };
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError('DATA_DIR', `cannot keep the JWT signing key at ${file}: ${reason}`);
  }
}

async function readKeyFile(file: string): Promise<Buffer | undefined> {
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (text.length < MIN_LENGTH) {
    throw new ConfigError(
      'JWT_SECRET',
      `not set, and the key file ${file} holds fewer than ${MIN_LENGTH} characters (delete it to generate a new key)`,
    );
  }
  return Buffer.from(text, 'utf8');
}
