/**
 * Computes the /teams completion snapshot (lib/insight/team-completion-snapshot.ts) now, in this process, as the
 * `teams.completion-snapshot` job would: for operators (a first snapshot without waiting for the worker) and for
 * the benchmark's page walk, which measures the admin's /teams over a snapshot as production serves it.
 *
 *   npx tsx --conditions=react-server scripts/teams-completion-snapshot.ts [--slug bench] [--timeout-seconds 900]
 */
import { computeTeamCompletionSnapshot } from '@/lib/insight/team-completion-snapshot';
import { runForOrganization } from './lib/organization-script';

runForOrganization('teams-completion-snapshot', {}, async ({ db, organization, statementTimeoutMs }) => {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const asOf = await computeTeamCompletionSnapshot(db, organization.id, { statementTimeoutMs });
  const used = process.cpuUsage(cpu);
  console.log(
    `teams-completion-snapshot: ${organization.slug}: ${((performance.now() - started) / 1000).toFixed(1)} s ` +
      `(${((used.user + used.system) / 1000).toFixed(0)} ms CPU here; as of ${asOf.toISOString()})`,
  );
});
