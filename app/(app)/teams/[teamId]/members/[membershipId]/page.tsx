import type { Metadata } from 'next';
import { requestLocale } from '@/lib/format/request-locale';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { MemberSectionDetail, type DetailTrust } from '@/components/team/member-section-detail';
import { checkEndorsee } from '@/lib/trust/endorsement-rules';
import { bySkill, listEndorsements } from '@/lib/trust/endorsements';
import { findTeamMember, listDetailSections, loadMemberSectionDetail } from '@/lib/insight/member-detail';
import { requireTeamPage } from '@/lib/teams/team-page';

export const metadata: Metadata = { title: 'Member detail' };

const paramsSchema = z.object({ membershipId: z.guid() });
const searchSchema = z.object({ section: z.guid().optional().catch(undefined) });

/**
 * Behind a heatmap cell: one member × one section — self and manager
 * ratings, target, evidence and history per skill. The team's managers and
 * admins only (the layout and requireTeamPage say so); a member who is not in
 * this team is a 404, whatever their id.
 */
export default async function MemberDetailPage({
  params,
  searchParams,
}: {
  params: Promise<{ teamId: string; membershipId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = await params;
  const { db, context, scope, session } = await requireTeamPage(raw.teamId, 'individuals');
  const parsed = paramsSchema.safeParse(raw);
  if (!parsed.success || !scope) notFound();
  const member = await findTeamMember(db, scope, parsed.data.membershipId);
  if (!member) notFound();
  const search = searchSchema.parse(await searchParams);
  const sections = await listDetailSections(db, scope);
  const section = sections.find((s) => s.id === search.section) ?? sections[0];
  const skills = section ? await loadMemberSectionDetail(db, scope, member.membershipId, section.id) : [];
  const levelNames = Object.fromEntries(context.levels.map((level) => [level.level, level.name]));
  // Endorsements beside the ratings; the endorse button only where the rules let this viewer endorse.
  const [endorsementList, refusal] = await Promise.all([
    listEndorsements(db, {
      organizationId: context.team.organizationId,
      membershipId: member.membershipId,
      compareCycleId: scope.cycleId,
      skillIds: skills.map((skill) => skill.skillId),
    }),
    checkEndorsee(db, session, member.membershipId),
  ]);
  const trust: DetailTrust = {
    endorsements: bySkill(endorsementList),
    endorse: refusal
      ? null
      : { membershipId: member.membershipId, cycleId: scope.cycleId, viewerMembershipId: session.membership.id },
  };
  const base = `/teams/${context.team.id}/members/${member.membershipId}`;
  const rated = skills.filter((skill) => skill.self && (skill.self.level !== null || skill.self.notApplicable)).length;

  return (
    <section aria-labelledby="member-detail-heading" className="space-y-4">
      <p className="text-sm">
        <Link href={`/teams/${context.team.id}`} className="text-brand-700 underline underline-offset-2">
          ← Heatmap
        </Link>
      </p>
      <div>
        <h2 id="member-detail-heading" className="text-lg font-semibold">
          {member.name}
          {section ? <span className="font-normal text-slate-600"> · {section.name}</span> : null}
        </h2>
        <p className="text-sm text-slate-600">
          {section
            ? `${rated} of ${skills.length} skills rated in this section. Self and manager ratings, target, evidence and history per skill.`
            : 'The framework of this cycle has no sections.'}
        </p>
      </div>
      {sections.length > 1 ? (
        <nav aria-label="Sections" className="overflow-x-auto">
          <ul className="flex flex-wrap gap-1 text-sm">
            {sections.map((s) => (
              <li key={s.id}>
                <Link
                  href={`${base}?section=${s.id}`}
                  aria-current={s.id === section?.id ? 'page' : undefined}
                  className="inline-block rounded-full border border-slate-300 px-3 py-1 hover:bg-slate-100 aria-[current=page]:border-brand-600 aria-[current=page]:bg-brand-50 aria-[current=page]:font-semibold"
                >
                  {s.name}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {skills.length > 0 ? (
        <MemberSectionDetail
          skills={skills}
          memberName={member.name}
          levelNames={levelNames}
          locale={await requestLocale()}
          trust={trust}
        />
      ) : null}
      <p className="text-sm">
        <Link
          href={`/teams/${context.team.id}/calibration?member=${member.membershipId}`}
          className="text-brand-700 underline underline-offset-2"
        >
          Calibrate {member.name}’s ratings
        </Link>
      </p>
    </section>
  );
}
