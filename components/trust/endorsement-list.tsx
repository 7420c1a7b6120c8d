import { formatDate } from '@/lib/format/date';
import { requestLocale } from '@/lib/format/request-locale';
import type { EndorsementView } from '@/lib/trust/endorsements';

/**
 * Who endorsed a rating, when, and with what comment. An endorsement given for
 * another level than the rating now holds stays listed, marked in words.
 * `showLevels` is false for a teammate, who never sees a peer's levels.
 */
export async function EndorsementList({
  endorsements,
  showLevels,
  showSkill = false,
}: {
  endorsements: readonly EndorsementView[];
  showLevels: boolean;
  showSkill?: boolean;
}) {
  if (endorsements.length === 0) return null;
  const locale = await requestLocale();
  return (
    <ul className="mt-2 space-y-1 text-sm" aria-label="Endorsements">
      {endorsements.map((entry) => (
        <li key={entry.id} className="rounded-md bg-emerald-50 px-2 py-1">
          <span aria-hidden="true">✓ </span>
          {showSkill ? <span className="font-medium">{entry.skillName}: </span> : null}
          Endorsed by <span className="font-medium">{entry.endorserName}</span>
          <span className="text-slate-600">
            {' '}
            · {entry.cycleName} · {formatDate(entry.createdAt, locale)}
            {showLevels ? ` · for level ${entry.levelEndorsed}` : ''}
          </span>
          {entry.ratingChanged ? (
            <span className="ml-1 inline-block rounded bg-amber-100 px-1.5 text-xs font-semibold text-amber-900">
              {showLevels
                ? `rating changed since (now ${entry.currentLevel === null ? 'not rated' : entry.currentLevel})`
                : 'rating changed since'}
            </span>
          ) : null}
          {entry.comment ? <span className="block text-slate-700">“{entry.comment}”</span> : null}
        </li>
      ))}
    </ul>
  );
}
