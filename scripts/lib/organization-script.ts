import { parseArgs, type ParseArgsConfig } from 'node:util';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { openConnection, type Db } from '@/db';
import { column, queryRows } from '@/db/rows';
import { env } from '@/lib/env';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * The frame of the scripts that compute, for one organization and in this process, what a job would
 * (scripts/gap-snapshot.ts, scripts/teams-completion-snapshot.ts): `--slug` (default `bench`) and
 * `--timeout-seconds` (the database cancels the work after that long; absent or 0: no limit) besides the
 * script's own options, a connection to DATABASE_URL closed at the end, and exit 1 with the error on failure.
 */
export function runForOrganization<O extends Options>(
  name: string,
  options: O,
  work: (context: {
    db: Db;
    organization: { id: string; slug: string };
    statementTimeoutMs: number | undefined;
    values: ReturnType<typeof parseArgs<{ options: O & typeof common }>>['values'];
  }) => Promise<void>,
): void {
  const main = async () => {
    const { values } = parseArgs({ options: { ...options, ...common } });
    if (!env.DATABASE_URL) throw new Error(`${name}: set DATABASE_URL`);
    // TypeScript cannot resolve parseArgs' result for a generic O; these two keys come from `common`.
    const shared = values as { slug?: string; 'timeout-seconds'?: string };
    const slug = shared.slug ?? 'bench';
    const timeout = shared['timeout-seconds'] ? Number.parseInt(shared['timeout-seconds'], 10) : 0;
    const connection = await openConnection({ url: env.DATABASE_URL });
    try {
      const [org] = await queryRows(
        connection.db,
        sql`select id from organizations where slug = ${slug}`,
        z.object({ id: column.text }),
      );
      if (!org) throw new Error(`${name}: no organization ${slug}`);
      await work({
        db: connection.db,
        organization: { id: org.id, slug },
        statementTimeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout * 1000 : undefined,
        values,
      });
    } finally {
      await connection.close();
    }
  };
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

const common = {
  slug: { type: 'string', default: 'bench' },
  'timeout-seconds': { type: 'string' },
} as const satisfies Options;
