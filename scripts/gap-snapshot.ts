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
import { ratingViewSchema } from '@/lib/insight/effective-ratings';
import { computeGapSnapshot, snapshotScope } from '@/lib/reports/gap-snapshot';
import { resolveReportScope } from '@/lib/reports/scope';
import { organizationAdminActor } from './lib/admin-actor';
import { runForOrganization } from './lib/organization-script';

runForOrganization(
  'gap-snapshot',
  {
    cycle: { type: 'string' },
    view: { type: 'string', default: 'self' },
    'min-gap': { type: 'string', default: '1' },
    'interest-only': { type: 'boolean', default: false },
  },
  async ({ db, organization, statementTimeoutMs, values }) => {
    const view = ratingViewSchema.parse(values.view);
    const minGap = Number.parseInt(values['min-gap'], 10);
    const interestOnly = values['interest-only'];
    const cycleId =
      values.cycle ??
      (await resolveReportScope(db, organizationAdminActor(organization.id), { view, minGap, interestOnly })).scope
        ?.cycleId;
    if (!cycleId) throw new Error('gap-snapshot: the organization has no cycle');
    const scope = await snapshotScope(db, { organizationId: organization.id, cycleId, view, minGap, interestOnly });
    if (!scope) throw new Error('gap-snapshot: no active admin, or the cycle is not one of the report’s');
    const started = performance.now();
    const asOf = await computeGapSnapshot(db, scope, { statementTimeoutMs });
    console.log(
      `gap-snapshot: ${organization.slug}, cycle ${scope.cycleName}, ${view}, gap ≥ ${minGap}${interestOnly ? ', interest only' : ''}: ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s (as of ${asOf.toISOString()})`,
    );
  },
);
