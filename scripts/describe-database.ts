/** Names the database the scripts talk to, never printing a password. */
import { defaultTarget } from '@/db';

export function describeDatabase(): string {
  const target = defaultTarget();
  if ('dataDir' in target) return `embedded PGlite at ${target.dataDir}`;
  try {
    const url = new URL(target.url);
    return `PostgreSQL at ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
  } catch {
    // An unparseable URL would fail to connect anyway; do not echo it, it may hold a password.
    return 'PostgreSQL (DATABASE_URL)';
  }
}
