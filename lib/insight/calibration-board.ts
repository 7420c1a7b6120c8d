/**
 * Calibration of one member, the whole cycle at once: every self rating with
 * the manager rating beside it, grouped by section in reading order — what
 * the keyboard-first calibration board needs (no pages, no Save buttons) —
 * and "agree with the self rating" for a whole section in one statement.
 */
import 'server-only';
import { column, parseRows } from '@/db/rows';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import type { WriteOutcome } from '@/lib/actions/define-action';
import { decodeEvidenceLinks, type EvidenceLink } from '@/lib/assessments/evidence';
import type { Actor } from '@/lib/auth/authorize';
import { findApplicableCycle } from '@/lib/cycles/current';
import { cycleNodes, cycleSkillIds, isCycleNode } from '@/lib/frameworks/cycle-skills';
import { memberVisibleSql } from '@/lib/insight/team-members';
import { skillSectionsSubquery } from '@/lib/profile/skill-sections';
import type { ManagerCaller } from './manager-ratings';
import { emitWebhookEvent } from '@/lib/webhooks/emit';

export interface BoardSkill {
  skillId: string;
  skillName: string;
  groupName: string | null;
  selfLevel: number | null;
  selfNotApplicable: boolean;
  interest: boolean;
  managerLevel: number | null;
  managerNotApplicable: boolean;
  managerNote: string | null;
  evidence: EvidenceLink[];
}

export interface BoardSection {
  id: string;
  name: string;
  areaName: string;
  skills: BoardSkill[];
}

const boardRow = z.object({
  section_id: column.text,
  section_name: column.text,
  area_name: column.text,
  skill_id: column.text,
  skill_name: column.text,
  group_name: column.nullableText,
  self_level: column.nullableNumber,
  self_na: column.boolean,
  interest: column.boolean,
  evidence_links: z.array(z.string()).nullable(),
  manager_level: column.nullableNumber,
  manager_na: column.nullableBoolean,
  manager_note: column.nullableText,
});

const num = (value: number | string | null) => (value === null ? null : Number(value));

/**
 * Every skill the member rated (a level or n/a) in the cycle, by section, in
 * reading order. Nothing when `actor` may not see the member (lib/auth/authorize.ts).
 */
export async function loadCalibrationBoard(
  db: Db,
  scope: { actor: Actor; cycleId: string; frameworkId: string; membershipId: string },
): Promise<BoardSection[]> {
  const { actor, cycleId, frameworkId, membershipId } = scope;
  const org = actor.membership.organizationId;
  const nodes = cycleNodes({ organizationId: org, cycleId });
  const rows = parseRows(
    await db.execute(sql`
      select sk.section_id, sk.section_name, sk.area_name, sk.skill_id, sk.skill_name, g.name as group_name,
             s.level as self_level, s.not_applicable as self_na, s.interest, s.evidence_links,
             mr.level as manager_level, mr.not_applicable as manager_na, mr.note as manager_note
      from ratings s
      join ${skillSectionsSubquery(org, frameworkId, cycleId)} sk on sk.skill_id = s.skill_id
      join ${nodes} n on n.organization_id = ${org} and n.id = s.skill_id
      left join ${nodes} g on g.organization_id = ${org} and g.id = n.parent_id and g.kind = 'group'
      cross join lateral (
        select array_agg(a.position order by p.ord) || n.position as skill_order
        from unnest(n.ancestor_ids) with ordinality as p(node_id, ord)
        join ${nodes} a on a.organization_id = ${org} and a.id = p.node_id
      ) o
      left join ratings mr
        on mr.organization_id = ${org} and mr.cycle_id = ${cycleId} and mr.membership_id = ${membershipId}
       and mr.skill_id = s.skill_id and mr.source = 'manager'
      where s.organization_id = ${org} and s.cycle_id = ${cycleId} and s.membership_id = ${membershipId}
        and s.source = 'self' and (s.level is not null or s.not_applicable)
        and ${memberVisibleSql(actor, membershipId)}
      order by o.skill_order, s.skill_id`),
    boardRow,
  );
  const sections: BoardSection[] = [];
  for (const row of rows) {
    let section = sections.at(-1);
    if (!section || section.id !== row.section_id) {
      section = { id: row.section_id, name: row.section_name, areaName: row.area_name, skills: [] };
      sections.push(section);
    }
    section.skills.push({
      skillId: row.skill_id,
      skillName: row.skill_name,
      groupName: row.group_name,
      selfLevel: num(row.self_level),
      selfNotApplicable: row.self_na,
      interest: row.interest,
      managerLevel: num(row.manager_level),
      managerNotApplicable: Boolean(row.manager_na),
      managerNote: row.manager_note,
      evidence: decodeEvidenceLinks(row.evidence_links),
    });
  }
  return sections;
}

export const agreeSectionInputSchema = z.object({
  cycleId: z.guid('Unknown assessment cycle.'),
  membershipId: z.guid('Unknown member.'),
  sectionId: z.guid('Unknown section.'),
});
export type AgreeSectionInput = z.output<typeof agreeSectionInputSchema>;

/**
 * "I agree with the self ratings of this section": every self rating of the
 * section without a manager rating yet gets a manager rating equal to it (a
 * manager rating already given is never overwritten). Same rules as one
 * manager rating — the action checks who may rate whom first
 * (`requireMayRateMember`); then the open cycle that applies to the member,
 * live skills only. Runs in the action's transaction, which records the entry.
 */
export async function agreeWithSectionSelfRatings(
  tx: Db,
  caller: ManagerCaller,
  input: AgreeSectionInput,
): Promise<WriteOutcome<{ agreed: number; skillIds: string[] }>> {
  const organizationId = caller.membership.organizationId;
  const cycle = await findApplicableCycle(tx, organizationId, input.membershipId, input.cycleId);
  if (!cycle) return { ok: false, error: 'Assessment cycle was not found.' };
  if (cycle.status !== 'open') {
    return { ok: false, error: `“${cycle.name}” is closed: its ratings can no longer change.` };
  }
  const scope = { organizationId, cycleId: cycle.id };
  const [section] = parseRows(
    await tx.execute(sql`
      select n.name from ${cycleNodes(scope)} n
      where n.id = ${input.sectionId} and n.kind in ('area', 'category')
        and ${isCycleNode(sql`n.id`, scope)}
      limit 1`),
    z.object({ name: column.text }),
  );
  if (!section) return { ok: false, error: 'That section is not part of this assessment.' };
  const now = new Date().toISOString();
  const inserted = parseRows(
    await tx.execute(sql`
      with section_skills as (
        select sk.skill_id
        from ${skillSectionsSubquery(organizationId, cycle.frameworkId, cycle.id)} sk
        where sk.section_id = ${input.sectionId}
          and sk.skill_id in (${cycleSkillIds({ ...scope, forRating: true })})
      ),
      agreed as (
        insert into ratings (organization_id, cycle_id, membership_id, skill_id, source, level, not_applicable,
                             interest, carried_over, rated_by_membership_id, changed_at)
        select s.organization_id, s.cycle_id, s.membership_id, s.skill_id, 'manager', s.level, s.not_applicable,
               false, false, ${caller.membership.id}, ${now}::timestamptz
        from ratings s
        where s.organization_id = ${organizationId} and s.cycle_id = ${cycle.id}
          and s.membership_id = ${input.membershipId} and s.source = 'self'
          and (s.level is not null or s.not_applicable)
          and s.skill_id in (select skill_id from section_skills)
        on conflict (organization_id, cycle_id, membership_id, skill_id, source) do nothing
        returning organization_id, cycle_id, membership_id, skill_id, level, not_applicable
      ),
      history as (
        insert into rating_history (organization_id, cycle_id, membership_id, skill_id, source, level,
                                    not_applicable, interest, rated_by_membership_id, changed_at)
        select organization_id, cycle_id, membership_id, skill_id, 'manager', level, not_applicable,
               false, ${caller.membership.id}, ${now}::timestamptz
        from agreed
        returning skill_id
      )
      -- The history insert runs to completion whether or not it is read (a data-modifying WITH always does).
      select skill_id, level, not_applicable from agreed`),
    z.object({ skill_id: column.text, level: column.nullableNumber, not_applicable: column.boolean }),
  );
  const skillIds = inserted.map((row) => row.skill_id);
  if (skillIds.length > 0) {
    await emitWebhookEvent(tx, organizationId, 'rating.reviewed', {
      membershipId: input.membershipId,
      cycleId: cycle.id,
      reviewerMembershipId: caller.membership.id,
      ratings: inserted.map((row) => ({
        skillId: row.skill_id,
        level: row.level,
        notApplicable: row.not_applicable,
      })),
    });
  }
  return {
    ok: true,
    data: { agreed: skillIds.length, skillIds },
    // Nothing agreed, nothing changed: no entry, no refresh.
    audit:
      skillIds.length === 0
        ? null
        : {
            targetId: input.membershipId,
            details: { cycleId: cycle.id, sectionId: input.sectionId, section: section.name, ratings: skillIds.length },
          },
    message:
      skillIds.length === 0
        ? `Every self rating in ${section.name} already has your rating.`
        : `Agreed with ${skillIds.length} self rating${skillIds.length === 1 ? '' : 's'} in ${section.name}.`,
  };
}
