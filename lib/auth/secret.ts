import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { env } from '@/lib/env';

/**
 * The secret that signs session cookies. In production it must come from
 * AUTH_SECRET; in development a random one is generated once and kept under
 * `.data/` so that sessions survive restarts without any setup.
 */
export function resolveAuthSecret(): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  if (env.NODE_ENV === 'production') {
    throw new Error(
      'AUTH_SECRET is not set. Production needs a secret of at least 32 random characters, e.g. `openssl rand -base64 32`.',
    );
  }
  const file = path.resolve('.data', 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
