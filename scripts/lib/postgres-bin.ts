import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const PG_ROOT = '/usr/lib/postgresql';

/**
 * The newest installed PostgreSQL's server binaries (Debian layout,
 * /usr/lib/postgresql/<major>/bin with initdb and pg_ctl), or null when none
 * is installed. The fault tests and the cluster test both make their
 * throwaway clusters with these.
 */
export function postgresBinDir(): string | null {
  if (!existsSync(PG_ROOT)) return null;
  const versions = readdirSync(PG_ROOT)
    .filter(
      (name) =>
        existsSync(path.join(PG_ROOT, name, 'bin', 'initdb')) && existsSync(path.join(PG_ROOT, name, 'bin', 'pg_ctl')),
    )
    .sort((a, b) => Number(a) - Number(b));
  const newest = versions.at(-1);
  return newest ? path.join(PG_ROOT, newest, 'bin') : null;
}
