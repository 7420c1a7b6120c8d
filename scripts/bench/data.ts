/**
 * `npm run bench:data -- [--members 10000] [--teams 200] [--cycles 4] [--slug bench] [--fresh]`
 *
 * Generates a large organization directly in PostgreSQL (DATABASE_URL): the
 * seed framework (320 skills, imported with the same code as the demo seed),
 * role profiles with targets, teams with a manager each, one admin, and
 * `cycles` assessment cycles full of ratings — about members × 320 × cycles
 * × 0.8 self ratings plus manager ratings for a share of the members —
 * then endorsements and certifications (scripts/bench/trust-data.ts).
 *
 * Every value is computed in SQL from integer hashes of (member, skill,
 * cycle), so two runs produce the same distribution and no row crosses the
 * wire: one INSERT … SELECT per (cycle, chunk of members). The ratings load
 * runs in one transaction that drops the table's foreign keys and secondary
 * indexes, inserts, and recreates them from the definitions it read
 * (pg_get_constraintdef / pg_get_indexdef) — how pg_restore loads big tables;
 * per-row FK triggers would take most of the time otherwise. A failure rolls
 * everything back, indexes included.
 *
 * Everyone signs in with BENCH_PASSWORD (hashed once): admin@<slug>.bench.test,
 * manager-<team>@…, member-<n>@…. Reuses an existing organization with the
 * same slug unless --fresh.
 */
import path from 'node:path';
import postgres from 'postgres';
import { openConnection, migrateConnection } from '@/db';
import { hashPassword } from '@/lib/auth/password';
import { env } from '@/lib/env';
import { importFramework } from '@/lib/frameworks/import';
import { loadFrameworkFile } from '@/lib/frameworks/load-file';
import { prepareTrendAggregates } from './trends';
import { generateTrustData } from './trust-data';

export const BENCH_PASSWORD = 'skillgrid-bench';
const FRAMEWORK_PATH = path.join(process.cwd(), 'db', 'seed', 'frameworks', 'python-devops-mastery.md');

export interface DataOptions {
  members: number;
  teams: number;
  cycles: number;
  slug: string;
  fresh: boolean;
  quiet?: boolean;
}

export interface GeneratedOrganization {
  organizationId: string;
  slug: string;
  adminEmail: string;
  reused: boolean;
  counts: Record<string, number>;
}

function parseArgs(args: string[]): DataOptions {
  const value = (flag: string) => {
    const index = args.indexOf(flag);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const int = (flag: string, fallback: number) => {
    const raw = value(flag);
    const parsed = raw === undefined ? fallback : Number.parseInt(raw, 10);
    if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${flag} must be a positive whole number`);
    return parsed;
  };
  const slug = value('--slug') ?? 'bench';
  if (!/^[a-z0-9-]{1,40}$/.test(slug)) throw new Error('--slug: lower-case letters, digits and dashes');
  const options = {
    members: int('--members', 10_000),
    teams: int('--teams', 200),
    cycles: int('--cycles', 4),
    slug,
    fresh: args.includes('--fresh'),
  };
  if (options.teams * 2 > options.members) throw new Error('--teams: at most one team per two members');
  if (options.cycles > 20) throw new Error('--cycles: at most 20');
  return options;
}

/** A one-line progress bar on stderr (redrawn in place on a terminal, one line per step otherwise). */
export function progress(label: string, quiet = false) {
  const started = performance.now();
  const tty = process.stderr.isTTY;
  let lastLine = '';
  return {
    update(done: number, total: number, detail = '') {
      if (quiet) return;
      const share = total > 0 ? done / total : 1;
      const width = 30;
      const filled = Math.round(share * width);
      const elapsed = (performance.now() - started) / 1000;
      const eta = share > 0 && share < 1 ? ` ETA ${Math.round((elapsed / share) * (1 - share))} s` : '';
      const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)} % ${detail} ${elapsed.toFixed(0)} s${eta}`;
      if (tty) process.stderr.write(`\r${line.padEnd(lastLine.length)}`);
      else if (done === total || Math.floor(share * 10) !== Math.floor((total > 0 ? (done - 1) / total : 0) * 10))
        process.stderr.write(`${line}\n`);
      lastLine = line;
    },
    done(detail = '') {
      if (quiet) return;
      const line = `${label} done in ${((performance.now() - started) / 1000).toFixed(1)} s ${detail}`;
      process.stderr.write(tty ? `\r${line.padEnd(lastLine.length)}\n` : `${line}\n`);
    },
  };
}

type Sql = postgres.Sql;

/** Deletes a generated organization (ratings first: their skill FK does not cascade) and its users. */
async function dropOrganization(sql: Sql, slug: string): Promise<void> {
  const [org] = await sql<{ id: string }[]>`select id from organizations where slug = ${slug}`;
  if (!org) return;
  await sql`delete from ratings where organization_id = ${org.id}`;
  await sql`delete from endorsements where organization_id = ${org.id}`;
  await sql`delete from rating_history where organization_id = ${org.id}`;
  await sql`delete from assessment_cycles where organization_id = ${org.id}`;
  await sql`delete from organizations where id = ${org.id}`;
  await sql`delete from users where email like ${`%@${slug}.bench.test`}`;
}

async function counts(sql: Sql, organizationId: string): Promise<Record<string, number>> {
  const [row] = await sql<Record<string, string>[]>`
    select (select count(*) from memberships where organization_id = ${organizationId}) as memberships,
           (select count(*) from teams where organization_id = ${organizationId}) as teams,
           (select count(*) from assessment_cycles where organization_id = ${organizationId}) as cycles,
           (select count(*) from skill_nodes where organization_id = ${organizationId} and kind = 'skill') as skills,
           (select count(*) from role_profiles where organization_id = ${organizationId}) as role_profiles,
           (select count(*) from ratings where organization_id = ${organizationId}) as ratings,
           (select count(*) from endorsements where organization_id = ${organizationId}) as endorsements,
           (select count(*) from certifications where organization_id = ${organizationId}) as certifications`;
  return Object.fromEntries(Object.entries(row ?? {}).map(([key, value]) => [key, Number(value)]));
}

/**
 * Integer hash → 0..999 in SQL (an LCG step, middle bits). Kept in pg_temp so
 * the schema is untouched; `language sql immutable` lets the planner inline it.
 */
async function createHelpers(sql: Sql): Promise<void> {
  await sql.unsafe(`
    create or replace function pg_temp.h(x bigint) returns int language sql immutable as
    $$ select (((abs(x) % 2147483647) * 1103515245 + 12345) % 2147483648 / 65536 % 1000)::int $$`);
}

export async function generateOrganization(databaseUrl: string, options: DataOptions): Promise<GeneratedOrganization> {
  const log = (line: string) => {
    if (!options.quiet) process.stderr.write(`${line}\n`);
  };
  const connection = await openConnection({ url: databaseUrl });
  // One connection: the pg_temp helpers and `set` only live in their session.
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await migrateConnection(connection);
    if (options.fresh) await dropOrganization(sql, options.slug);
    const adminEmail = `admin@${options.slug}.bench.test`;
    const [existing] = await sql<{ id: string }[]>`select id from organizations where slug = ${options.slug}`;
    if (existing) {
      log(`Reusing organization ${options.slug} (pass --fresh to regenerate).`);
      // An organization generated before endorsements and certifications existed gets them now (issue 22).
      await generateTrustData(sql, existing.id, log);
      // An organization generated before the trend aggregates existed (or whose open cycle's snapshot aged) gets them.
      await prepareTrendAggregates(connection.db, existing.id, log);
      return {
        organizationId: existing.id,
        slug: options.slug,
        adminEmail,
        reused: true,
        counts: await counts(sql, existing.id),
      };
    }
    const { members: N, teams: T, cycles: C } = options;
    const started = performance.now();
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    const loaded = await loadFrameworkFile(FRAMEWORK_PATH);
    const [org] = await sql<{ id: string }[]>`
      insert into organizations (slug, name) values (${options.slug}, ${`Bench ${N.toLocaleString('en-US')}`}) returning id`;
    if (!org) throw new Error('could not create the organization');
    const o = org.id;
    const setup = progress('organization', options.quiet);
    const imported = await importFramework(connection.db, {
      organizationId: o,
      document: loaded.document,
      sourceFormat: loaded.sourceFormat,
      sourceText: loaded.sourceText,
    });
    const fw = imported.frameworkId;
    setup.update(1, 6, 'framework');
    await createHelpers(sql);

    // ---- people: member n (1..N) is in team ((n-1) % T) + 1; the first of each team manages it.
    await sql`create temp table bm as
      select n, gen_random_uuid() as user_id, gen_random_uuid() as membership_id,
             ((n - 1) % ${T}) + 1 as team, (n - 1) / ${T} = 0 as is_manager,
             pg_temp.h(n * 7 + 1) % 5 as seniority,
             700 + pg_temp.h(n * 7 + 2) % 251 as completion_permille,
             pg_temp.h(n * 7 + 3) < 350 as manager_rated
      from generate_series(1, ${N}) n`;
    await sql`create temp table bt as
      select t, gen_random_uuid() as id, t % 4 as discipline from generate_series(1, ${T}) t`;
    // Profiles 0..3 are the teams' disciplines, 4 is for managers.
    await sql`create temp table bp as
      select p, gen_random_uuid() as id,
             (array['Platform Engineer', 'Backend Python Engineer', 'Site Reliability Engineer', 'Data Engineer', 'Engineering Manager'])[p + 1] as name
      from generate_series(0, 4) p`;
    await sql`alter table bm add column profile int`;
    await sql`update bm set profile = case when is_manager then 4 else (select discipline from bt where bt.t = bm.team) end`;
    await sql`insert into users (id, email, name, password_hash, email_verified_at)
      select user_id,
             case when is_manager then 'manager-' || team else 'member-' || n end || ${`@${options.slug}.bench.test`},
             (array['Ada','Grace','Linus','Margaret','Ken','Barbara','Dennis','Frances','Guido','Radia','Alan','Edsger'])[1 + pg_temp.h(n * 7 + 4) % 12]
               || ' ' || (array['Lovelace','Hopper','Torvalds','Hamilton','Thompson','Liskov','Ritchie','Allen','Rossum','Perlman','Turing','Dijkstra'])[1 + pg_temp.h(n * 7 + 5) % 12]
               || ' ' || lpad(n::text, 5, '0'),
             ${passwordHash}, now()
      from bm`;
    await sql`insert into users (email, name, password_hash, email_verified_at) values (${adminEmail}, 'Bench Admin', ${passwordHash}, now())`;
    await sql`insert into role_profiles (id, organization_id, name, description)
      select id, ${o}, name, 'Generated for the benchmark' from bp`;
    await sql`insert into memberships (id, organization_id, user_id, role, role_profile_id, title)
      select bm.membership_id, ${o}, bm.user_id, case when bm.is_manager then 'manager' else 'member' end::membership_role,
             bp.id, bp.name
      from bm join bp on bp.p = bm.profile`;
    await sql`insert into memberships (organization_id, user_id, role)
      select ${o}, id, 'admin' from users where email = ${adminEmail}`;
    await sql`insert into teams (id, organization_id, name) select id, ${o}, 'Team ' || lpad(t::text, 3, '0') from bt`;
    await sql`insert into team_members (organization_id, team_id, membership_id)
      select ${o}, bt.id, bm.membership_id from bm join bt on bt.t = bm.team`;
    await sql`insert into team_managers (organization_id, team_id, membership_id)
      select ${o}, bt.id, bm.membership_id from bm join bt on bt.t = bm.team where bm.is_manager`;
    setup.update(2, 6, 'people and teams');

    // ---- skills: their area (0..2 in framework order) and section; levels lean on profile × area.
    await sql`create temp table bs as
      select row_number() over (order by s.ancestor_ids[1], s.position, s.id)::int as k, s.id,
             a.position as area_position, dense_rank() over (order by a.position) - 1 as area,
             coalesce(s.ancestor_ids[2], s.ancestor_ids[1]) as section_id
      from skill_nodes s join skill_nodes a on a.organization_id = s.organization_id and a.id = s.ancestor_ids[1]
      where s.organization_id = ${o} and s.framework_id = ${fw} and s.kind = 'skill' and s.archived_at is null`;
    await sql`alter table bs add column section int`;
    await sql`update bs set section = x.r from (select section_id, dense_rank() over (order by section_id)::int as r from bs) x
              where x.section_id = bs.section_id`;
    // Profile p's strength in area a, in tenths of a level.
    const affinity = [
      [0, 6, -4],
      [6, 0, -4],
      [2, 7, -2],
      [5, 1, -5],
      [1, -2, 8],
    ];
    await sql`create temp table baff as
      select p, a, (${sql.array(affinity.flat())}::int[])[p * 3 + a + 1] as tenths
      from generate_series(0, 4) p, generate_series(0, 2) a`;
    // Role targets: each area 2 (3 where the profile is strong), a deeper 3–4 on a few sections of the strong area.
    await sql`insert into role_profile_targets (organization_id, role_profile_id, node_id, level)
      select ${o}, bp.id, a.id, case when baff.tenths >= 5 then 3 when baff.tenths < 0 then 1 else 2 end
      from bp
      join skill_nodes a on a.organization_id = ${o} and a.framework_id = ${fw} and a.kind = 'area'
      join baff on baff.p = bp.p and baff.a = (select count(*) from skill_nodes a2
                                              where a2.organization_id = ${o} and a2.framework_id = ${fw}
                                                and a2.kind = 'area' and a2.position < a.position)`;
    await sql`insert into role_profile_targets (organization_id, role_profile_id, node_id, level)
      select distinct on (bp.id, c.id) ${o}, bp.id, c.id, 3 + (pg_temp.h(bp.p * 31 + c.position) % 2)
      from bp
      join bs on true
      join baff on baff.p = bp.p and baff.a = bs.area and baff.tenths >= 5
      join skill_nodes c on c.organization_id = ${o} and c.id = bs.section_id and c.kind = 'category'
      where pg_temp.h(bp.p * 131 + bs.section) < 400`;
    // Team targets: every fifth team raises one section to 3.
    await sql`insert into team_targets (organization_id, team_id, node_id, level)
      select ${o}, bt.id, c.id, 3
      from bt join lateral (
        select distinct bs.section_id as id from bs
        join skill_nodes n on n.organization_id = ${o} and n.id = bs.section_id and n.kind = 'category'
        where bs.section = 1 + (bt.t % greatest(1, (select max(section) from bs)))
      ) c on true
      where bt.t % 5 = 0`;
    setup.update(3, 6, 'role profiles and targets');

    // ---- cycles: yearly quarters back from 2026 Q4; only the newest is open.
    await sql`create temp table bc as
      select c, gen_random_uuid() as id, c = ${C} as open,
             (date '2026-10-01' - ((${C} - c) * interval '3 months'))::date as opens_on
      from generate_series(1, ${C}) c`;
    await sql`insert into assessment_cycles (id, organization_id, framework_id, name, status, opens_on, closes_on, closed_at)
      select id, ${o}, ${fw},
             to_char(opens_on, 'YYYY') || ' Q' || to_char(opens_on, 'Q'),
             case when open then 'open' else 'closed' end::cycle_status,
             opens_on, (opens_on + interval '3 months' - interval '1 day')::date,
             case when open then null else opens_on + interval '3 months' end
      from bc`;
    setup.done();

    // ---- ratings
    await sql`analyze bm; analyze bs; analyze bt; analyze bc; analyze baff`.simple();
    const chunk = Math.max(100, Math.min(1000, Math.ceil(N / 10)));
    const total = Math.ceil(N / chunk) * C;
    const bar = progress('ratings', options.quiet);
    let done = 0;
    let inserted = 0;
    await sql.begin(async (tx) => {
      await tx`set local maintenance_work_mem = '1GB'`;
      const constraints = await tx<{ name: string; def: string }[]>`
        select conname as name, pg_get_constraintdef(oid) as def from pg_constraint
        where conrelid = 'ratings'::regclass and contype in ('f', 'u') order by contype desc, conname`;
      const indexes = await tx<{ name: string; def: string }[]>`
        select i.relname as name, pg_get_indexdef(i.oid) as def
        from pg_index x join pg_class i on i.oid = x.indexrelid
        where x.indrelid = 'ratings'::regclass
          and not exists (select 1 from pg_constraint c where c.conindid = i.oid)`;
      for (const c of constraints) await tx.unsafe(`alter table ratings drop constraint "${c.name}"`);
      for (const i of indexes) await tx.unsafe(`drop index "${i.name}"`);
      for (let c = 1; c <= C; c += 1) {
        for (let from = 1; from <= N; from += chunk) {
          const to = Math.min(N, from + chunk - 1);
          // level: seniority (0.4–3.2) + profile × area affinity + a per-member section bias
          // + noise, minus ~0.3 per cycle back (people grow); a manager rates ±1 around it.
          const result = await tx`
            insert into ratings (organization_id, cycle_id, membership_id, skill_id, source, level, not_applicable, interest,
                                 rated_by_membership_id, changed_at, created_at, updated_at)
            select ${o}, bc.id, bm.membership_id, bs.id, src.source::rating_source,
                   case when x.na then null
                        when src.source = 'self' then x.level
                        else least(4, greatest(0, x.level + (pg_temp.h(x.hv + 17) % 3) - 1)) end,
                   x.na, src.source = 'self' and x.hv % 100 < 8,
                   case when src.source = 'self' then bm.membership_id else mgr.membership_id end,
                   x.at, x.at, x.at
            from bm
            join bc on bc.c = ${c}
            join baff on baff.p = bm.profile
            join bs on bs.area = baff.a
            join bm mgr on mgr.team = bm.team and mgr.is_manager
            cross join lateral (
              select pg_temp.h(pg_temp.h(bm.n) * 1009 + bs.k * 31 + bc.c) as hv
            ) hh
            cross join lateral (
              select hh.hv,
                     hh.hv % 1000 < 18 as na,
                     least(4, greatest(0, round(
                       0.4 + bm.seniority * 0.7 + baff.tenths / 10.0
                       + ((pg_temp.h(bm.n * 37 + bs.section) % 7) - 3) * 0.2
                       + (pg_temp.h(hh.hv + 5) - 500) / 1000.0 * 1.4
                       - (${C} - bc.c) * 0.3)))::int as level,
                     -- Never in the future: a rating dated after now would make every autosave of it "stale"
                     -- (newest change wins) and the benchmark would count those refusals as unacknowledged saves.
                     least(now() - interval '1 minute',
                           bc.opens_on + (pg_temp.h(hh.hv + 9) % 80) * interval '1 day' + (pg_temp.h(hh.hv + 11)) * interval '1 minute') as at
            ) x
            cross join lateral (
              select 'self' as source
              union all
              select 'manager' where bm.manager_rated and not bm.is_manager and bc.c > ${C} - 2 and not x.na
            ) src
            where bm.n between ${from} and ${to}
              and pg_temp.h(hh.hv + 3) < bm.completion_permille`;
          inserted += result.count;
          done += 1;
          bar.update(done, total, `cycle ${c}/${C} ${inserted.toLocaleString('en-US')} rows`);
        }
      }
      bar.done(`${inserted.toLocaleString('en-US')} rows`);
      const rebuild = progress('indexes and foreign keys', options.quiet);
      const work = [
        ...indexes.map((i) => i.def),
        ...constraints.map((c) => `alter table ratings add constraint "${c.name}" ${c.def}`),
      ];
      for (const [index, statement] of work.entries()) {
        await tx.unsafe(statement);
        rebuild.update(index + 1, work.length);
      }
      rebuild.done();
    });
    // VACUUM sets the visibility map, as autovacuum does for an insert-only table soon after a
    // bulk load: without it no index-only scan is possible and the first reads pay for hint bits.
    const analyze = progress('vacuum and analyze', options.quiet);
    await sql`vacuum (analyze) ratings`;
    await sql`analyze`;
    analyze.done();
    await generateTrustData(sql, o, log);
    // Its closed cycles were written closed, not closed through the app: their aggregates, as a close would have made.
    await prepareTrendAggregates(connection.db, o, log);
    log(`Generated in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
    return { organizationId: o, slug: options.slug, adminEmail, reused: false, counts: await counts(sql, o) };
  } finally {
    await sql.end();
    await connection.close();
  }
}

export async function main(args: string[]): Promise<void> {
  const options = parseArgs(args);
  if (!env.DATABASE_URL) throw new Error('bench:data needs DATABASE_URL (a PostgreSQL server)');
  const result = await generateOrganization(env.DATABASE_URL, options);
  console.log(`organization id   ${result.organizationId}`);
  console.log(`organization slug ${result.slug}`);
  console.log(
    `sign in           ${result.adminEmail} / ${BENCH_PASSWORD} (managers: manager-<team>@${result.slug}.bench.test)`,
  );
  for (const [key, value] of Object.entries(result.counts))
    console.log(`${key.padEnd(17)} ${value.toLocaleString('en-US')}`);
}
