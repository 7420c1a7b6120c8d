/**
 * Endorsements and certifications for a benchmark organization (issue 22), in
 * the amounts a real organization has, so that the pages and the people finder
 * are measured with them (`npm run bench:data`, scripts/bench/data.ts):
 *
 * - Endorsements: a few per member on their stronger skills (self level ≥ 3) in
 *   the open cycle, fewer in the last closed one (kept with their cycle, so some
 *   now show "the rating changed since"). The endorser is the next member of the
 *   same team, or its manager; sometimes both.
 * - Certifications: ~30 % of members hold one (a third of those two), each
 *   linked to the framework's skills it proves — the one the member rates
 *   highest among the certifiable ones. ~10 % expire within 60 days, ~10 % have
 *   expired, ~15 % never expire.
 * - Three skills (Kubernetes, Terraform, AWS) require a valid certification, so
 *   coverage and the finder count them only for holders.
 *
 * Everything is computed in SQL from the tables themselves (teams, managers,
 * ratings), with hashes of the ids for the choices: it also completes an
 * organization generated before this existed, without regenerating its
 * ratings. Runs once per organization (skipped when it already has either).
 */
import type postgres from 'postgres';

type Sql = postgres.Sql;

/** Certificates, the issuer, and the skills (by name, case-insensitive LIKE) each one proves. */
const CERTIFICATES = [
  { name: 'Certified Kubernetes Administrator (CKA)', issuer: 'The Linux Foundation', skill: '%kubernetes%' },
  { name: 'HashiCorp Certified: Terraform Associate', issuer: 'HashiCorp', skill: '%terraform%' },
  { name: 'AWS Certified DevOps Engineer – Professional', issuer: 'Amazon Web Services', skill: 'aws %' },
  { name: 'Microsoft Certified: Azure Administrator Associate', issuer: 'Microsoft', skill: 'azure %' },
  { name: 'Red Hat Certified Specialist in Ansible Automation', issuer: 'Red Hat', skill: '%ansible%' },
  { name: 'Docker Certified Associate', issuer: 'Mirantis', skill: '%docker%' },
] as const;
/** The certificates (by index above) whose first skill then requires a valid certification. */
const REQUIRED = [0, 1, 2];
/** Skills each certificate proves, at most. */
const SKILLS_PER_CERTIFICATE = 3;

export interface TrustCounts {
  endorsements: number;
  certifications: number;
  expiringIn60Days: number;
  requiredSkills: number;
}

/**
 * Adds endorsements and certifications to the organization unless it has some
 * already. Returns what it added (zeros when skipped).
 */
export async function generateTrustData(
  sql: Sql,
  organizationId: string,
  log: (line: string) => void,
): Promise<TrustCounts | null> {
  const o = organizationId;
  const [present] = await sql<{ any: boolean }[]>`
    select exists (select 1 from endorsements where organization_id = ${o})
        or exists (select 1 from certifications where organization_id = ${o}) as any`;
  if (present?.any) return null;
  const started = performance.now();
  const [open] = await sql<{ id: string }[]>`
    select id from assessment_cycles where organization_id = ${o} and status = 'open' order by opens_on desc, id limit 1`;
  if (!open) throw new Error('bench trust data: the organization has no open cycle');
  const [previous] = await sql<{ id: string }[]>`
    select id from assessment_cycles where organization_id = ${o} and status = 'closed' order by opens_on desc, id limit 1`;

  return sql.begin(async (tx) => {
    // Each member's endorsers: the next active member of their team (wrapping around) and the team's manager.
    await tx`create temp table bench_endorsers on commit drop as
      with ranked as (
        select tm.team_id, tm.membership_id,
               row_number() over (partition by tm.team_id order by tm.membership_id) as rn,
               count(*) over (partition by tm.team_id) as size
        from team_members tm
        join memberships m on m.organization_id = tm.organization_id and m.id = tm.membership_id and m.status = 'active'
        where tm.organization_id = ${o}
      )
      select distinct on (r.membership_id) r.membership_id, next.membership_id as teammate, mgr.membership_id as manager
      from ranked r
      join ranked next on next.team_id = r.team_id and next.rn = r.rn % r.size + 1
      left join team_managers mgr on mgr.organization_id = ${o} and mgr.team_id = r.team_id
        and mgr.membership_id <> r.membership_id
      where r.size > 1
      order by r.membership_id, r.team_id, mgr.membership_id`;

    // ~3 % of a member's self ratings at level 3 or above in the open cycle (a few skills each), ~2 % in the
    // last closed one; the teammate endorses two in three, the manager the rest, both one in five.
    let endorsements = 0;
    for (const cycle of [{ id: open.id, percent: 3 }, ...(previous ? [{ id: previous.id, percent: 2 }] : [])]) {
      const result = await tx`
        insert into endorsements (organization_id, cycle_id, membership_id, skill_id, endorser_membership_id,
                                  level_endorsed, comment, created_at, updated_at)
        select ${o}, r.cycle_id, r.membership_id, r.skill_id, who.endorser, r.level,
               case when x.h % 4 = 0 then
                 (array['Saw this first-hand on our last project.', 'Reviewed their work here; solid.',
                        'Helped the whole team with this.'])[1 + x.h % 3] end,
               x.at, x.at
        from ratings r
        join bench_endorsers be on be.membership_id = r.membership_id
        cross join lateral (
          select abs(hashtext(r.membership_id::text || r.skill_id::text)) as h,
                 least(now() - interval '1 minute', r.changed_at + (abs(hashtext(r.skill_id::text)) % 20) * interval '1 day') as at
        ) x
        cross join lateral (
          select be.teammate as endorser where x.h % 3 <> 0 or x.h % 5 = 0 or be.manager is null
          union all
          select be.manager where be.manager is not null and (x.h % 3 = 0 or x.h % 5 = 0)
        ) who
        where r.organization_id = ${o} and r.cycle_id = ${cycle.id} and r.source = 'self' and r.level >= 3
          and x.h % 100 < ${cycle.percent} and who.endorser <> r.membership_id
        on conflict do nothing`;
      endorsements += result.count;
    }

    // The certifiable skills: each certificate's first few matching live skills in framework order.
    await tx`create temp table bench_cert_skills on commit drop as
      select c.kind, s.id as skill_id, s.rank
      from (select ordinality - 1 as kind, pattern
            from unnest(${sql.array(CERTIFICATES.map((c) => c.skill))}::text[]) with ordinality as p(pattern)) c
      cross join lateral (
        select sn.id, row_number() over (order by sn.ancestor_ids, sn.position, sn.id) as rank
        from skill_nodes sn
        where sn.organization_id = ${o} and sn.kind = 'skill' and sn.archived_at is null and sn.name ilike c.pattern
        order by sn.ancestor_ids, sn.position, sn.id
        limit ${SKILLS_PER_CERTIFICATE}
      ) s`;

    // ~30 % of active members; each gets the certificate of the certifiable skill they rate highest, a third
    // of them a second one. Dates by a hash bucket: 10 % expire in the next 60 days, 10 % expired, 15 % never.
    await tx`create temp table bench_certs on commit drop as
      with holders as (
        select m.id as membership_id, abs(hashtext(m.id::text)) as h
        from memberships m
        where m.organization_id = ${o} and m.status = 'active' and abs(hashtext(m.id::text || 'cert')) % 100 < 30
      ),
      choice as (
        select hd.membership_id, hd.h, k.kind,
               row_number() over (partition by hd.membership_id
                                  order by coalesce(r.level, -1) desc, abs(hashtext(hd.membership_id::text || k.kind::text))) as pick
        from holders hd
        cross join (select kind, skill_id from bench_cert_skills where rank = 1) k
        left join ratings r on r.organization_id = ${o} and r.cycle_id = ${open.id} and r.membership_id = hd.membership_id
          and r.skill_id = k.skill_id and r.source = 'self'
      )
      select gen_random_uuid() as id, membership_id, kind, b.bucket, abs(hashtext(membership_id::text || kind::text)) % 1000 as d
      from choice
      cross join lateral (select abs(hashtext(membership_id::text || kind::text || 'bucket')) % 100 as bucket) b
      where pick = 1 or (pick = 2 and h % 3 = 0)`;
    const certifications = await tx`
      insert into certifications (id, organization_id, membership_id, name, issuer, issued_on, expires_on, credential_url)
      select bc.id, ${o}, bc.membership_id,
             (${sql.array(CERTIFICATES.map((c) => c.name))}::text[])[bc.kind + 1],
             (${sql.array(CERTIFICATES.map((c) => c.issuer))}::text[])[bc.kind + 1],
             dates.issued, dates.expires,
             'https://credentials.example.com/verify/' || bc.id
      from bench_certs bc
      cross join lateral (
        select case when bc.bucket < 10 then current_date + (1 + bc.d % 59) - interval '3 years'
                    when bc.bucket < 20 then current_date - (1 + bc.d % 300) - interval '2 years'
                    else current_date - (30 + bc.d % 700) end::date as issued,
               case when bc.bucket < 10 then current_date + (1 + bc.d % 59)
                    when bc.bucket < 20 then current_date - (1 + bc.d % 300)
                    when bc.bucket < 35 then null
                    else current_date - (30 + bc.d % 700) + interval '3 years' end::date as expires
      ) dates`;
    await tx`
      insert into certification_skills (organization_id, certification_id, skill_id)
      select ${o}, bc.id, cs.skill_id from bench_certs bc join bench_cert_skills cs on cs.kind = bc.kind`;
    const required = await tx`
      update skill_nodes set requires_certification = true
      where organization_id = ${o}
        and id in (select skill_id from bench_cert_skills where rank = 1 and kind in ${sql(REQUIRED)})`;
    const [expiring] = await tx<{ n: string }[]>`
      select count(*) as n from certifications
      where organization_id = ${o} and expires_on between current_date and current_date + 60`;
    await tx`analyze endorsements`;
    await tx`analyze certifications`;
    await tx`analyze certification_skills`;
    await tx`analyze skill_nodes`;
    const counts: TrustCounts = {
      endorsements,
      certifications: certifications.count,
      expiringIn60Days: Number(expiring?.n ?? 0),
      requiredSkills: required.count,
    };
    log(
      `endorsements and certifications: ${counts.endorsements.toLocaleString('en-US')} endorsements, ` +
        `${counts.certifications.toLocaleString('en-US')} certifications (${counts.expiringIn60Days} expiring within 60 days), ` +
        `${counts.requiredSkills} skills requiring one, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    return counts;
  });
}
