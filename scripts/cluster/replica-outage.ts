/**
 * The streaming replica goes down after the browser tests: every instance must
 * go on serving the report pages and the gap CSV from the primary (db/replica-gate.ts),
 * and the CSV must be the same rows the replica served before.
 *
 * Each instance is asked directly (not through HAProxy), so the balancer's
 * 5xx count, which must stay 0, measures the tests before this one. Requests
 * in the first seconds, before an instance's next check of the replica, may
 * fail; they are counted and printed, and every instance must answer 200 to
 * all three within 20 s.
 */
import { mintSessionCookie } from '../bench/bench-users';
import type { Stack } from './infrastructure';
import { APP_DATABASE } from './infrastructure';

export interface ReplicaOutageResult {
  /** Seconds from stopping the replica until every instance answered every page with 200. */
  recoveredAfterSeconds: number;
  failedBeforeRecovery: number;
  csvSameAsFromReplica: boolean;
}

const RECOVERY_LIMIT_MS = 20_000;

export async function checkReplicaOutage(options: {
  stack: Stack;
  instancePorts: number[];
  balancerUrl: string;
  authSecret: string;
  log: (line: string) => void;
}): Promise<ReplicaOutageResult> {
  // An admin and a team of the demo organization, read on the primary as the superuser.
  const [row] = options.stack
    .psql(
      `select u.id, u.email, m.organization_id, (select t.id from teams t where t.organization_id = m.organization_id order by t.name limit 1)
       from memberships m join users u on u.id = m.user_id join organizations o on o.id = m.organization_id
       where o.slug = 'demo' and m.role = 'admin' and m.status = 'active' order by m.id limit 1`,
      APP_DATABASE,
    )
    .trim()
    .split('\n')
    .map((line) => line.split('|'));
  const [userId, email, organizationId, teamId] = row ?? [];
  if (!userId || !email || !organizationId || !teamId)
    throw new Error('replica outage: no admin or team in the demo organization');
  const cookie = await mintSessionCookie({
    baseUrl: options.balancerUrl,
    authSecret: options.authSecret,
    userId,
    email,
    organizationId,
  });
  const paths = ['/reports/gaps', `/teams/${teamId}`, '/api/reports/gaps.csv'];
  const get = async (port: number, pathname: string) => {
    const response = await fetch(`http://127.0.0.1:${port}${pathname}`, {
      headers: { cookie },
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
    });
    return { status: response.status, body: await response.text() };
  };

  // The replica must have replayed everything the tests wrote, or "the same CSV" would compare two moments.
  const written = options.stack.psql('select pg_current_wal_lsn()', APP_DATABASE).trim();
  const caughtUp = () =>
    options.stack.psql(`select pg_last_wal_replay_lsn() >= '${written}'::pg_lsn`, APP_DATABASE, 'replica').trim() ===
    't';
  for (let waited = 0; !caughtUp(); waited += 200) {
    if (waited > 10_000) throw new Error('replica outage: the replica did not catch up with the primary within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const before = await get(options.instancePorts[0] ?? 0, '/api/reports/gaps.csv');
  if (before.status !== 200)
    throw new Error(`replica outage: the gap CSV answered ${before.status} with the replica up`);

  options.stack.stopReplica();
  const stoppedAt = Date.now();
  let failed = 0;
  let csvSame = true;
  const pending = new Set(options.instancePorts);
  while (pending.size > 0) {
    if (Date.now() - stoppedAt > RECOVERY_LIMIT_MS) {
      throw new Error(
        `replica outage: instances on ${[...pending].join(', ')} still failing ${RECOVERY_LIMIT_MS / 1000} s after the replica stopped`,
      );
    }
    for (const port of [...pending]) {
      const answers = await Promise.all(
        paths.map((pathname) => get(port, pathname).catch(() => ({ status: 0, body: '' }))),
      );
      const bad = answers.filter((answer) => answer.status !== 200).length;
      failed += bad;
      if (bad === 0) {
        pending.delete(port);
        if (answers[2]?.body !== before.body) csvSame = false;
      }
    }
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const result = {
    recoveredAfterSeconds: (Date.now() - stoppedAt) / 1000,
    failedBeforeRecovery: failed,
    csvSameAsFromReplica: csvSame,
  };
  options.log(
    `[cluster] replica down: all ${options.instancePorts.length} instances served ${paths.join(', ')} from the primary ` +
      `${result.recoveredAfterSeconds.toFixed(1)} s after it stopped (${failed} failed requests before that); CSV unchanged: ${csvSame}`,
  );
  return result;
}
