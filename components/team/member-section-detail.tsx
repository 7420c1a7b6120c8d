import { EvidenceLinkList } from '@/components/assess/evidence-list';
import { EndorseForm } from '@/components/trust/endorse-form';
import { EndorsementList } from '@/components/trust/endorsement-list';
import type { HistoryEntry, SkillDetail } from '@/lib/insight/member-detail';
import { formatDate } from '@/lib/format/date';
import type { EndorsementView } from '@/lib/trust/endorsements';

/** Endorsements beside the ratings (issue 22): the list per skill, and the viewer's endorse form when they may endorse. */
export interface DetailTrust {
  endorsements: ReadonlyMap<string, readonly EndorsementView[]>;
  /** Set when the viewer may endorse this member (lib/trust/endorsement-rules.ts). */
  endorse: { membershipId: string; cycleId: string; viewerMembershipId: string } | null;
}

function levelText(side: { level: number | null; notApplicable: boolean } | null, levelName: (n: number) => string) {
  if (!side) return 'not rated';
  if (side.notApplicable) return 'n/a';
  return side.level === null ? 'not rated' : `${side.level} ${levelName(side.level)}`.trim();
}

function historyLine(entry: HistoryEntry, locale: string | undefined): string {
  const value = entry.notApplicable ? 'n/a' : entry.level === null ? 'cleared' : String(entry.level);
  const who = entry.source === 'self' ? 'self' : `manager${entry.ratedBy ? ` (${entry.ratedBy})` : ''}`;
  return `${formatDate(entry.changedAt, locale)} · ${entry.cycleName} · ${who}: ${value}`;
}

/**
 * One member's ratings in one section, a card per skill: every figure in
 * words and numbers (no colour needed), history folded away until asked for.
 */
export function MemberSectionDetail({
  skills,
  memberName,
  levelNames,
  locale,
  trust,
}: {
  skills: readonly SkillDetail[];
  memberName: string;
  levelNames: Readonly<Record<number, string>>;
  /** The reader's locale (lib/format/request-locale.ts). */
  locale?: string;
  trust?: DetailTrust;
}) {
  const levelName = (level: number) => levelNames[level] ?? '';
  return (
    <ol className="space-y-3">
      {skills.map((skill) => {
        const level = skill.self?.notApplicable ? null : (skill.self?.level ?? null);
        const gap = skill.target !== null && level !== null ? Math.max(0, skill.target - level) : null;
        return (
          <li
            key={skill.skillId}
            id={`skill-${skill.skillId}`}
            tabIndex={-1}
            className="scroll-mt-20 rounded-lg border border-slate-200 bg-white p-4 target:ring-2 target:ring-brand-600"
          >
            <h3 className="font-medium">
              {skill.skillName}
              {skill.groupName ? <span className="font-normal text-slate-600"> · {skill.groupName}</span> : null}
            </h3>
            <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-4">
              <div>
                <dt className="text-slate-600">Self rating</dt>
                <dd className="font-medium tabular-nums">
                  {levelText(skill.self, levelName)}
                  {skill.self?.carriedOver ? (
                    <span className="block text-xs font-normal text-amber-900">
                      {skill.self.confirmed ? 'carried over, confirmed' : 'carried over, not confirmed'}
                    </span>
                  ) : null}
                  {skill.self?.stale ? (
                    <span className="block text-xs font-normal text-amber-900">
                      stale: unchanged since {formatDate(skill.self.lastAffirmedAt, locale)}
                    </span>
                  ) : null}
                  {skill.self?.interest ? (
                    <span className="block text-xs font-normal text-brand-700">wants to grow</span>
                  ) : null}
                </dd>
              </div>
              <div>
                <dt className="text-slate-600">Manager rating</dt>
                <dd className="font-medium tabular-nums">
                  {levelText(skill.manager, levelName)}
                  {skill.manager?.ratedBy ? (
                    <span className="block text-xs font-normal text-slate-600">by {skill.manager.ratedBy}</span>
                  ) : null}
                </dd>
              </div>
              <div>
                <dt className="text-slate-600">Target</dt>
                <dd className="font-medium tabular-nums">
                  {skill.target === null ? 'none' : skill.target}
                  {skill.targetSource ? (
                    <span className="block text-xs font-normal text-slate-600">
                      from the {skill.targetSource === 'role' ? 'role profile' : 'team'}
                    </span>
                  ) : null}
                </dd>
              </div>
              <div>
                <dt className="text-slate-600">Gap</dt>
                <dd className="font-medium tabular-nums">{gap === null ? '—' : gap === 0 ? 'met' : gap}</dd>
              </div>
            </dl>
            {skill.self?.note ? (
              <p className="mt-2 text-sm">
                <span className="text-slate-600">{memberName}’s note: </span>
                {skill.self.note}
              </p>
            ) : null}
            {skill.manager?.note ? (
              <p className="mt-2 text-sm">
                <span className="text-slate-600">Manager’s comment: </span>
                {skill.manager.note}
              </p>
            ) : null}
            <EvidenceLinkList links={skill.evidence} skillName={skill.skillName} />
            {trust ? <SkillEndorsements skill={skill} memberName={memberName} trust={trust} /> : null}
            {skill.history.length > 0 ? (
              <details className="mt-2 text-sm">
                <summary className="cursor-pointer text-brand-700">
                  History ({skill.history.length} change{skill.history.length === 1 ? '' : 's'})
                </summary>
                <ol className="mt-1 space-y-0.5 text-xs text-slate-700">
                  {skill.history.map((entry, index) => (
                    <li key={index}>{historyLine(entry, locale)}</li>
                  ))}
                </ol>
              </details>
            ) : (
              <p className="mt-2 text-xs text-slate-600">No changes recorded.</p>
            )}
          </li>
        );
      })}
    </ol>
  );
}

function SkillEndorsements({
  skill,
  memberName,
  trust,
}: {
  skill: SkillDetail;
  memberName: string;
  trust: DetailTrust;
}) {
  const list = trust.endorsements.get(skill.skillId) ?? [];
  const endorse = trust.endorse;
  const mine = endorse
    ? list.find((e) => e.endorserMembershipId === endorse.viewerMembershipId && e.cycleId === endorse.cycleId)
    : undefined;
  // Only a rating with a level can be endorsed (n/a or unrated: nothing to vouch for).
  const endorsable = endorse && skill.self && !skill.self.notApplicable && skill.self.level !== null;
  return (
    <>
      <EndorsementList endorsements={list} showLevels />
      {endorsable ? (
        <EndorseForm
          membershipId={endorse.membershipId}
          memberName={memberName}
          skillId={skill.skillId}
          skillName={skill.skillName}
          cycleId={endorse.cycleId}
          mine={mine ? { id: mine.id, comment: mine.comment } : null}
        />
      ) : null}
    </>
  );
}
