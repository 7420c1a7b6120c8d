import 'server-only';
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { MENTOR_MIN_LEVEL, type ProfileScope } from './scope';

/** Possible mentors per skill: names only, by design — a member never sees a peer's ratings. */
export type MentorsBySkill = Record<string, string[]>;

/**
 * Up to `perSkill` active teammates (sharing a team with the member, never the
 * member) whose latest self rating of the skill is Advanced or above: the
 * rating in the current cycle, else their most recent one in a closed cycle.
 * Names are ordered alphabetically, not by level, so the order reveals nothing.
 */
export async function findMentors(
  db: Db,
  scope: ProfileScope,
  skillIds: readonly string[],
  perSkill = 2,
): Promise<MentorsBySkill> {
  if (skillIds.length === 0) return {};
  const { organizationId: org, membershipId, cycleId } = scope;
  const result = await db.execute(sql`
    with mates as (
      select distinct tm.membership_id
      from team_members tm
      join memberships m
        on m.organization_id = ${org} and m.id = tm.membership_id and m.status = 'active'
      where tm.organization_id = ${org}
        and tm.membership_id <> ${membershipId}
        and tm.team_id in (
          select team_id from team_members where organization_id = ${org} and membership_id = ${membershipId}
        )
    ),
    latest as (
      select distinct on (r.membership_id, r.skill_id) r.membership_id, r.skill_id, r.level
      from ratings r
      join assessment_cycles c on c.organization_id = ${org} and c.id = r.cycle_id
      where r.organization_id = ${org}
        and r.source = 'self'
        and r.skill_id in ${skillIds}
        and r.membership_id in (select membership_id from mates)
        and (r.level is not null or r.not_applicable)
        and (c.id = ${cycleId} or c.status = 'closed')
      order by r.membership_id, r.skill_id, (c.id = ${cycleId}) desc, c.opens_on desc
    ),
    ranked as (
      select l.skill_id, u.name,
        row_number() over (partition by l.skill_id order by u.name, l.membership_id) as n
      from latest l
      join memberships m on m.organization_id = ${org} and m.id = l.membership_id
      join users u on u.id = m.user_id
      where l.level >= ${MENTOR_MIN_LEVEL}
    )
    select skill_id, name from ranked where n <= ${perSkill} order by skill_id, n`);
  const mentors: MentorsBySkill = {};
  for (const row of parseRows(result, z.object({ skill_id: column.text, name: column.text }))) {
    (mentors[row.skill_id] ??= []).push(row.name);
  }
  return mentors;
}
