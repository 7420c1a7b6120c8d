/**
 * The autosave baseline: a bare Node `http` server that writes a batch of
 * rating changes the way the app does (upsert into `ratings`, newest change
 * wins, applied rows appended to `rating_history`) through postgres.js, with
 * nothing else — no framework, no session, no authorization, no validation
 * beyond JSON.parse. What the database and the driver allow on this machine.
 *
 *   PORT=0 DATABASE_URL=… tsx scripts/bench/bare-autosave-server.ts
 *
 * Prints `listening <port>` on stdout once ready. Body:
 *   {"organizationId","membershipId","cycleId","changes":[{skillId,level,notApplicable,interest,note,changedAt,clientChangeId}]}
 * Answers {"ok":true,"applied":[clientChangeId…]}.
 */
import { createServer } from 'node:http';
import postgres from 'postgres';

interface Change {
  skillId: string;
  level: number | null;
  notApplicable: boolean;
  interest: boolean;
  note: string | null;
  changedAt: string;
  clientChangeId: string;
}

interface Batch {
  organizationId: string;
  membershipId: string;
  cycleId: string;
  changes: Change[];
}

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is required');
// The same pool size as the app's connection (db/index.ts).
const sql = postgres(databaseUrl, { max: Number(process.env.BARE_POOL ?? 10), onnotice: () => {} });

async function save(batch: Batch): Promise<string[]> {
  // Newest change per skill, as the app keeps it.
  const newest = new Map<string, Change>();
  for (const change of batch.changes) {
    const previous = newest.get(change.skillId);
    if (!previous || Date.parse(previous.changedAt) <= Date.parse(change.changedAt)) newest.set(change.skillId, change);
  }
  const rows = [...newest.values()];
  const applied = await sql<{ skillId: string }[]>`
    with input as (
      select * from jsonb_to_recordset(${sql.json(rows as never)}::jsonb) as x(
        "skillId" uuid, level smallint, "notApplicable" boolean, interest boolean, note text, "changedAt" timestamptz)
    ), applied as (
      insert into ratings (organization_id, cycle_id, membership_id, skill_id, source, level, not_applicable, interest,
                           note, carried_over, rated_by_membership_id, changed_at)
      select ${batch.organizationId}, ${batch.cycleId}, ${batch.membershipId}, "skillId", 'self', level, "notApplicable",
             interest, note, false, ${batch.membershipId}, least("changedAt", now())
      from input
      on conflict (organization_id, cycle_id, membership_id, skill_id, source) do update set
        level = excluded.level, not_applicable = excluded.not_applicable, interest = excluded.interest,
        note = excluded.note, carried_over = false, rated_by_membership_id = excluded.rated_by_membership_id,
        changed_at = excluded.changed_at, updated_at = now()
      where ratings.changed_at <= excluded.changed_at
      returning organization_id, cycle_id, membership_id, skill_id, level, not_applicable, interest, note,
                rated_by_membership_id, changed_at
    )
    insert into rating_history (organization_id, cycle_id, membership_id, skill_id, source, level, not_applicable,
                                interest, note, rated_by_membership_id, changed_at)
    select organization_id, cycle_id, membership_id, skill_id, 'self', level, not_applicable, interest, note,
           rated_by_membership_id, changed_at
    from applied
    returning skill_id as "skillId"`;
  const appliedSkills = new Set(applied.map((row) => row.skillId));
  return rows.filter((change) => appliedSkills.has(change.skillId)).map((change) => change.clientChangeId);
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    let batch: Batch;
    try {
      batch = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Batch;
    } catch {
      response.writeHead(400).end('{"ok":false}');
      return;
    }
    save(batch).then(
      (applied) => {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, applied }));
      },
      (error: unknown) => {
        console.error(error);
        response.writeHead(500).end('{"ok":false}');
      },
    );
  });
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    void sql.end({ timeout: 1 }).then(() => process.exit(0));
  });
}
