/**
 * `npm run bench -- export [--members N] [--skills N] [--format long|wide] [--dir PATH] [--fresh] [--min-gap N]`
 *
 * Generates (in SQL, generate_series) an organization of N members × 320
 * skills with a self rating for most pairs, then runs the gap CSV export —
 * the same `gapCsvStream` the route handler returns — into a sink that only
 * counts bytes, sampling the process's RSS every 100 ms.
 *
 * Database: DATABASE_URL when set, else a scratch PGlite directory (default
 * /tmp/skillgrid-bench-pglite). A generated organization (slug
 * `bench-<members>x<skills>`) is reused on later runs unless --fresh.
 */
import { rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { migrateConnection, openConnection, type Db } from '@/db';
import { column, parseRows } from '@/db/rows';
import { env } from '@/lib/env';
import { gapCsvStream } from '@/lib/reports/csv-export';
import type { CsvFormat } from '@/lib/reports/filters';
import { resolveReportScope } from '@/lib/reports/scope';
import { organizationAdminActor } from '../lib/admin-actor';

interface Options {
  members: number;
  skills: number;
  format: CsvFormat;
  dir: string;
  fresh: boolean;
  minGap: number;
  batch: number | undefined;
}

function parseArgs(args: string[]): Options {
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
  const format = value('--format') ?? 'long';
  if (format !== 'long' && format !== 'wide') throw new Error('--format must be long or wide');
  return {
    members: int('--members', 10_000),
    skills: int('--skills', 320),
    format,
    dir: value('--dir') ?? '/tmp/skillgrid-bench-pglite',
    fresh: args.includes('--fresh'),
    minGap: int('--min-gap', 1),
    batch: value('--batch') === undefined ? undefined : int('--batch', 100),
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function step<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  process.stdout.write(`  ${label} … `);
  const result = await work();
  console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** Builds the organization entirely in SQL; returns its id. */
async function generate(db: Db, slug: string, members: number, skills: number): Promise<string> {
  const categories = Math.max(1, Math.round(skills / 20));
  console.log(`Generating ${members.toLocaleString('en-US')} members × ${skills} skills (${categories} sections) …`);
  const [org] = parseRows(
    await db.execute(
      sql`insert into organizations (slug, name) values (${slug}, ${`Bench ${members}×${skills}`}) returning id`,
    ),
    z.object({ id: column.text }),
  );
  if (!org) throw new Error('could not create the organization');
  const o = org.id;
  await step('framework', async () => {
    await db.execute(
      sql`insert into frameworks (organization_id, key, name) values (${o}, 'bench', 'Bench framework')`,
    );
    await db.execute(sql`
      insert into proficiency_levels (organization_id, framework_id, level, name, descriptor)
      select ${o}, f.id, l, 'Level ' || l, 'Level ' || l from frameworks f, generate_series(0, 4) l
      where f.organization_id = ${o}`);
    // Areas, then sections under them, then skills under the sections; ancestor_ids root first.
    await db.execute(sql`
      insert into skill_nodes (id, organization_id, framework_id, key, kind, name, position, depth, ancestor_ids)
      select g.id, ${o}, f.id, 'area-' || a, 'area', '=Area ' || a, a, 0, array[g.id]
      from frameworks f, (select a, gen_random_uuid() as id from generate_series(1, 3) a) g
      where f.organization_id = ${o}`);
    await db.execute(sql`
      insert into skill_nodes (id, organization_id, framework_id, parent_id, key, kind, name, position, depth, ancestor_ids)
      select gen_random_uuid(), ${o}, p.framework_id, p.id, 'section-' || c, 'category', 'Section ' || c, c, 1, p.ancestor_ids
      from generate_series(1, ${categories}) c
      join skill_nodes p on p.organization_id = ${o} and p.key = 'area-' || (c % 3 + 1)`);
    await db.execute(
      sql`update skill_nodes set ancestor_ids = ancestor_ids || id where organization_id = ${o} and kind = 'category'`,
    );
    await db.execute(sql`
      insert into skill_nodes (id, organization_id, framework_id, parent_id, key, kind, name, position, depth, ancestor_ids)
      select gen_random_uuid(), ${o}, p.framework_id, p.id, 'skill-' || s, 'skill', 'Skill ' || s || ', "quoted"', s, 2, p.ancestor_ids
      from generate_series(1, ${skills}) s
      join skill_nodes p on p.organization_id = ${o} and p.key = 'section-' || (s % ${categories} + 1)`);
    await db.execute(
      sql`update skill_nodes set ancestor_ids = ancestor_ids || id where organization_id = ${o} and kind = 'skill'`,
    );
  });
  await step('people, teams, role profiles', async () => {
    await db.execute(sql`
      insert into users (email, name)
      select 'bench-' || ${slug} || '-' || i || '@bench.test', 'Member ' || lpad(i::text, 6, '0')
      from generate_series(1, ${members}) i`);
    await db.execute(sql`
      insert into role_profiles (organization_id, name)
      select ${o}, 'Profile ' || p from generate_series(1, 4) p`);
    await db.execute(sql`
      insert into memberships (organization_id, user_id, role, role_profile_id)
      select ${o}, u.id, 'member',
             (select rp.id from role_profiles rp where rp.organization_id = ${o}
               order by rp.name offset (substring(u.name from 8)::int % 4) limit 1)
      from users u where u.email like ${`bench-${slug}-%`}`);
    await db.execute(sql`
      insert into teams (organization_id, name) select ${o}, 'Team ' || lpad(t::text, 3, '0') from generate_series(1, 20) t`);
    await db.execute(sql`
      insert into team_members (organization_id, team_id, membership_id)
      select ${o}, t.id, m.id
      from (select id, row_number() over (order by id) as n from memberships where organization_id = ${o}) m
      join (select id, row_number() over (order by name) as n from teams where organization_id = ${o}) t
        on t.n = m.n % 20 + 1`);
    // Role targets on areas with a deeper override per section; team targets on a few sections.
    await db.execute(sql`
      insert into role_profile_targets (organization_id, role_profile_id, node_id, level)
      select ${o}, rp.id, n.id, (length(rp.name) + n.position) % 3 + 2
      from role_profiles rp cross join skill_nodes n
      where rp.organization_id = ${o} and n.organization_id = ${o} and n.kind in ('area', 'category')`);
    await db.execute(sql`
      insert into team_targets (organization_id, team_id, node_id, level)
      select ${o}, t.id, n.id, 3
      from teams t cross join skill_nodes n
      where t.organization_id = ${o} and n.organization_id = ${o} and n.kind = 'category' and n.position % 4 = 0`);
    await db.execute(sql`
      insert into assessment_cycles (organization_id, framework_id, name, opens_on, closes_on)
      select ${o}, f.id, 'Bench cycle', '2026-01-01', '2026-12-31' from frameworks f where f.organization_id = ${o}`);
  });
  await step(`ratings (~${(members * skills * 0.9).toLocaleString('en-US')} rows, in chunks)`, async () => {
    const chunk = 1000;
    for (let from = 1; from <= members; from += chunk) {
      const to = Math.min(members, from + chunk - 1);
      // Most pairs rated 0–4, some not applicable, about 9% unrated; a little interest.
      await db.execute(sql`
        insert into ratings (organization_id, cycle_id, membership_id, skill_id, source, level, not_applicable, interest,
                             rated_by_membership_id, changed_at)
        select ${o}, c.id, m.id, s.id, 'self',
               case when (m.n + s.n) % 23 = 0 then null else ((m.n * 7 + s.n * 3) % 5) end,
               (m.n + s.n) % 23 = 0,
               (m.n + s.n) % 13 = 0,
               m.id, timestamptz '2026-02-01' + ((m.n + s.n) % 1000) * interval '1 minute'
        from (select id, row_number() over (order by id) as n from memberships where organization_id = ${o}) m
        cross join (select id, row_number() over (order by key) as n from skill_nodes where organization_id = ${o} and kind = 'skill') s
        cross join (select id from assessment_cycles where organization_id = ${o}) c
        where m.n between ${from} and ${to} and (m.n * 31 + s.n * 17) % 11 <> 0`);
      process.stdout.write(`${to} `);
    }
    process.stdout.write('\n  ');
  });
  await step('analyze', () => db.execute(sql`analyze`));
  return o;
}

export async function main(args: string[]): Promise<void> {
  const options = parseArgs(args);
  const target = env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: options.dir };
  if (!env.DATABASE_URL && options.fresh) rmSync(options.dir, { recursive: true, force: true });
  console.log(env.DATABASE_URL ? 'Database: PostgreSQL from DATABASE_URL' : `Database: PGlite in ${options.dir}`);
  const connection = await openConnection(target);
  try {
    await migrateConnection(connection);
    const db = connection.db;
    const slug = `bench-${options.members}x${options.skills}`;
    if (options.fresh && env.DATABASE_URL) await db.execute(sql`delete from organizations where slug = ${slug}`);
    const [existing] = parseRows(
      await db.execute(sql`select id from organizations where slug = ${slug}`),
      z.object({ id: column.text }),
    );
    const organizationId = existing?.id ?? (await generate(db, slug, options.members, options.skills));
    if (existing) console.log(`Reusing organization ${slug} (pass --fresh to regenerate).`);
    const [counts] = parseRows(
      await db.execute(sql`select count(*)::int as ratings from ratings where organization_id = ${organizationId}`),
      z.object({ ratings: column.number }),
    );
    console.log(`Ratings in the organization: ${Number(counts?.ratings ?? 0).toLocaleString('en-US')}`);

    const { scope } = await resolveReportScope(db, organizationAdminActor(organizationId), {
      minGap: options.minGap,
      interestOnly: false,
      view: 'manager-else-self',
    });
    if (!scope) throw new Error('no cycle');

    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    // JavaScript's own share (heap + buffers): with PGlite the database engine lives in this process and counts in RSS.
    const jsMemory = () => {
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.external;
    };
    let peakJs = jsMemory();
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage().rss);
      peakJs = Math.max(peakJs, jsMemory());
    };
    const sampler = setInterval(sample, 100);
    let rows = 0;
    let bytes = 0;
    const started = performance.now();
    let lastReport = started;
    const stream = gapCsvStream(db, scope, {
      format: options.format,
      bom: false,
      membersPerBatch: options.batch,
      onFinish: (result) => {
        rows = result.rows;
      },
    });
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      sample();
      if (performance.now() - lastReport > 5000) {
        lastReport = performance.now();
        console.log(`  … ${mb(bytes)} written, RSS ${mb(process.memoryUsage().rss)}`);
      }
    }
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    console.log('');
    console.log(`Export (${options.format}, view manager-else-self, min gap ${options.minGap}):`);
    console.log(`  rows         ${rows.toLocaleString('en-US')}`);
    console.log(`  bytes        ${bytes.toLocaleString('en-US')} (${mb(bytes)})`);
    console.log(`  time         ${seconds.toFixed(1)} s`);
    console.log(`  rows/s       ${Math.round(rows / seconds).toLocaleString('en-US')}`);
    console.log(`  RSS before   ${mb(baseline)}`);
    console.log(`  peak RSS     ${mb(peak)}  (target < 300 MB)`);
    console.log(`  peak JS heap+external ${mb(peakJs)}`);
  } finally {
    await connection.close();
  }
}
