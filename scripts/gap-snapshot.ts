/**
 * Computes the organization-wide gap report's snapshot (lib/reports/gap-snapshot.ts) now, in this process,
 * as the `reports.gap-snapshot` job would: for operators (a first snapshot without waiting for the worker)
 * and for the benchmark's page walk, which measures the page over a snapshot as production serves it.
 *
 *   npx tsx --conditions=react-server scripts/gap-snapshot.ts [--slug bench] [--view self] [--min-gap 1] [--interest-only]
 *     [--timeout-seconds 900]
 *
 * Without `--cycle` the report's default cycle (the current one). Prints how long it took. With
 * `--timeout-seconds` the database cancels the computation after that long (the previous snapshot stays).
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { openConnection } from '@/db';
import { column, queryRows } from '@/db/rows';
import { env } from '@/lib/env';
import { ratingViewSchema } from '@/lib/insight/effective-ratings';
import { computeGapSnapshot, snapshotScope } from '@/lib/reports/gap-snapshot';
import { resolveReportScope } from '@/lib/reports/scope';
import { organizationAdminActor } from './lib/admin-actor';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      slug: { type: 'string', default: 'bench' },
      cycle: { type: 'string' },
      view: { type: 'string', default: 'self' },
      'min-gap': { type: 'string', default: '1' },
      'interest-only': { type: 'boolean', default: false },
      'timeout-seconds': { type: 'string' },
    },
  });
  if (!env.DATABASE_URL) throw new Error('gap-snapshot: set DATABASE_URL');
  const connection = await openConnection({ url: env.DATABASE_URL });
  try {
    const db = connection.db;
    const [org] = await queryRows(
      db,
      sql`select id from organizations where slug = ${values.slug}`,
      z.object({ id: column.text }),
    );
    if (!org) throw new Error(`gap-snapshot: no organization ${values.slug}`);
    const view = ratingViewSchema.parse(values.view);
    const minGap = Number.parseInt(values['min-gap'], 10);
    const interestOnly = values['interest-only'];
    const cycleId =
      values.cycle ??
      (await resolveReportScope(db, organizationAdminActor(org.id), { view, minGap, interestOnly })).scope?.cycleId;
    if (!cycleId) throw new Error('gap-snapshot: the organization has no cycle');
    const scope = await snapshotScope(db, { organizationId: org.id, cycleId, view, minGap, interestOnly });
    if (!scope) throw new Error('gap-snapshot: no active admin, or the cycle is not one of the report’s');
    const started = performance.now();
    const timeout = values['timeout-seconds'] ? Number.parseInt(values['timeout-seconds'], 10) : undefined;
    const asOf = await computeGapSnapshot(db, scope, {
      statementTimeoutMs: timeout !== undefined && timeout > 0 ? timeout * 1000 : undefined,
    });
    console.log(
      `gap-snapshot: ${values.slug}, cycle ${scope.cycleName}, ${view}, gap ≥ ${minGap}${interestOnly ? ', interest only' : ''}: ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s (as of ${asOf.toISOString()})`,
    );
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
