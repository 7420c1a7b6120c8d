import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { z } from 'zod';
import { EndorseForm } from '@/components/trust/endorse-form';
import { EndorsementList } from '@/components/trust/endorsement-list';
import { getDb } from '@/db';
import { canEndorseMember, canViewMember } from '@/lib/auth/authorize';
import { requireSession } from '@/lib/auth/session';
import { findCurrentCycle } from '@/lib/cycles/current';
import { checkEndorsee } from '@/lib/trust/endorsement-rules';
import { bySkill, listEndorsements, listRatedSkills } from '@/lib/trust/endorsements';
import { memberships, users } from '@/db/schema';
import { and, eq } from 'drizzle-orm';

export const metadata: Metadata = { title: 'Teammate' };

const paramsSchema = z.object({ membershipId: z.guid() });

/**
 * A teammate's page (issue 22): the skills they rated in their current cycle,
 * who endorsed which, and an endorse button per skill. For people who share a
 * team with them or manage one of their teams, and for whoever may see their
 * ratings; anyone else gets a 404. A teammate sees skill names, never levels
 * (a member never sees a peer's individual ratings, docs/product.md).
 */
export default async function TeammatePage({ params }: { params: Promise<{ membershipId: string }> }) {
  const session = await requireSession();
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const membershipId = parsed.data.membershipId;
  if (membershipId === session.membership.id) redirect('/me');
  const db = await getDb();
  const organizationId = session.organization.id;
  const [mayView, mayEndorse] = await Promise.all([
    canViewMember(db, session, membershipId),
    canEndorseMember(db, session, membershipId),
  ]);
  if (!mayView && !mayEndorse) notFound();
  const [member] = await db
    .select({ name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, membershipId)))
    .limit(1);
  if (!member) notFound();
  const cycle = await findCurrentCycle(db, { organizationId, membershipId });
  const refusal = await checkEndorsee(db, session, membershipId);
  const [skills, endorsementList] = cycle
    ? await Promise.all([
        listRatedSkills(db, organizationId, membershipId, cycle.id, mayView),
        listEndorsements(db, { organizationId, membershipId, compareCycleId: cycle.id }),
      ])
    : [[], []];
  const endorsements = bySkill(endorsementList);
  const given = endorsementList.length;

  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link href="/me" className="text-brand-700 underline underline-offset-2">
            ← My profile
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">{member.name}</h1>
        <p className="text-slate-600">
          {cycle ? `${cycle.name} · ` : ''}
          {skills.length} skill{skills.length === 1 ? '' : 's'} rated · {given} endorsement{given === 1 ? '' : 's'}
        </p>
      </div>
      {refusal && !refusal.ok ? (
        <p className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700">{refusal.error}</p>
      ) : (
        <p className="text-sm text-slate-600">
          Endorse a skill you have seen {member.name} use: it shows beside their rating for them and their managers.
          {mayView ? '' : ' Their levels stay private; you vouch for the skill as they rated it.'}
        </p>
      )}
      {!cycle ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          There is no assessment cycle yet, so nothing to endorse.
        </p>
      ) : skills.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          {member.name} has not rated any skill in {cycle.name} yet. Endorsements open once they have.
        </p>
      ) : (
        <ul className="space-y-3" aria-label={`Skills ${member.name} rated`}>
          {skills.map((skill) => {
            const list = endorsements.get(skill.skillId) ?? [];
            const mine = list.find(
              (entry) => entry.endorserMembershipId === session.membership.id && entry.cycleId === cycle.id,
            );
            return (
              <li key={skill.skillId} className="rounded-lg border border-slate-200 bg-white p-4">
                <h2 className="font-medium">
                  {skill.skillName}
                  {skill.level !== null ? (
                    <span className="font-normal tabular-nums text-slate-700"> · level {skill.level}</span>
                  ) : null}
                </h2>
                {skill.path ? <p className="text-xs text-slate-600">{skill.path}</p> : null}
                <EndorsementList endorsements={list} showLevels={mayView} />
                {refusal ? null : (
                  <EndorseForm
                    membershipId={membershipId}
                    memberName={member.name}
                    skillId={skill.skillId}
                    skillName={skill.skillName}
                    cycleId={cycle.id}
                    mine={mine ? { id: mine.id, comment: mine.comment } : null}
                  />
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
