import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PeopleResults } from '@/components/people/people-results';
import { PeopleSearchForm } from '@/components/people/people-search-form';
import { getReadDb } from '@/db';
import { hasRole } from '@/lib/auth/authorize';
import { requireSession } from '@/lib/auth/session';
import { findCurrentCycle } from '@/lib/cycles/current';
import { RATING_VIEWS, RATING_VIEW_LABELS } from '@/lib/insight/effective-ratings';
import {
  KEY_PERSON_MIN_LEVEL,
  PEOPLE_PAGE_LIMIT,
  findPeopleAcrossSkills,
  listFinderSkills,
  resolveTerms,
  searchOf,
} from '@/lib/people/finder';
import { firstIssue, peopleParamsOf, peopleQuerySchema, peopleQueryString } from '@/lib/people/query';
import { loadLevelNames } from '@/lib/profile/levels';
import { listRecentEndorsements } from '@/lib/trust/endorsements';
import Link from 'next/link';

export const metadata: Metadata = { title: 'People finder' };

const DEFAULT_SCALE = [0, 1, 2, 3, 4].map((level) => ({ level, name: '' }));

export default async function PeoplePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireSession();
  // Individual levels: managers (their teams) and admins (everyone) only.
  if (!hasRole(session, 'manager')) notFound();
  // Read-only search over everyone's ratings: the replica when DATABASE_READ_URL is set (docs/scaling.md).
  const db = await getReadDb();
  const organizationId = session.organization.id;
  const parsed = peopleQuerySchema.safeParse(peopleParamsOf(await searchParams));
  const scopeText =
    session.membership.role === 'admin' ? 'everyone in the organization' : 'the members of the teams you manage';

  const cycle = await findCurrentCycle(db, { organizationId });
  if (!cycle) {
    return (
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold">People finder</h1>
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center">
          <h2 className="text-lg font-semibold">No assessment cycle yet</h2>
          <p className="mt-2 text-slate-600">
            Once people rate themselves in a cycle you can find who knows what here.
          </p>
        </div>
      </div>
    );
  }
  // The search starts beside the lists it is checked against (the skills and the scale) instead of after
  // them: a well-formed query's skills are almost always the cycle's, and one that is not finds nobody (the
  // statement reads only the asked skills) and is discarded below. The statement is most of the page's time.
  const early =
    parsed.success && parsed.data.terms.length > 0
      ? findPeopleAcrossSkills(db, session, searchOf(cycle.id, parsed.data))
      : null;
  // Not awaited when the query turns out invalid: its failure must not go unhandled.
  early?.catch(() => undefined);
  const [skills, levels, recent] = await Promise.all([
    listFinderSkills(db, cycle),
    loadLevelNames(db, organizationId, cycle.frameworkId),
    listRecentEndorsements(db, session),
  ]);
  const scale = levels.length > 0 ? levels : DEFAULT_SCALE;
  const maxLevel = Math.max(...scale.map((level) => level.level));
  // A bad query runs nothing: the reader gets the first problem and the form as it was.
  const resolved = parsed.success ? resolveTerms(parsed.data.terms, skills, scale) : null;
  const problem = !parsed.success ? firstIssue(parsed.error) : resolved && !resolved.ok ? resolved.message : null;
  const query = parsed.success
    ? parsed.data
    : { terms: [], match: 'all' as const, grow: false, endorsed: false, view: 'self' as const };
  const terms = resolved?.ok ? resolved.terms : [];
  // Only a query whose every skill and level checked out shows its answer.
  const result = terms.length > 0 && early ? await early : null;
  const keyLevelName =
    scale.find((level) => level.level === KEY_PERSON_MIN_LEVEL)?.name || `level ${KEY_PERSON_MIN_LEVEL}`;
  const summary = terms
    .map((term) => `${term.skillName} ≥ ${term.minLevel}`)
    .join(query.match === 'all' ? ' and ' : ' or ');

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">People finder</h1>
        <p className="text-slate-600">
          Who holds a set of skills, and who wants to grow there — among {scopeText}. {cycle.name} ({cycle.status}).
        </p>
      </div>

      <PeopleSearchForm
        // A new URL gives the form its state afresh (back/forward, a pasted link).
        key={parsed.success ? peopleQueryString(query) : 'invalid'}
        skills={skills}
        levels={scale}
        views={RATING_VIEWS.map((value) => ({ value, label: RATING_VIEW_LABELS[value] }))}
        initial={{ ...query, terms: terms.length > 0 ? terms : [] }}
        defaultLevel={Math.min(KEY_PERSON_MIN_LEVEL, maxLevel)}
      />

      {problem ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {problem} Nothing was searched.
        </p>
      ) : null}

      {result ? (
        <section
          aria-labelledby="people-results"
          className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-6"
        >
          <div className="flex flex-wrap items-baseline justify-between gap-3">
            <h2 id="people-results" className="text-lg font-semibold">
              {result.total} {result.total === 1 ? 'person' : 'people'}: {summary}
              {query.grow ? ', or wanting to grow there' : ''}
              {query.endorsed ? ' (endorsed ratings only)' : ''}
            </h2>
            {result.total > 0 ? (
              <a
                href={`/api/people.csv?${peopleQueryString({ ...query, terms })}`}
                className="text-sm font-medium text-brand-700 underline underline-offset-2"
                download
              >
                Download CSV
              </a>
            ) : null}
          </div>
          {result.people.length > 0 ? (
            <>
              <p className="text-sm text-slate-600">
                Best match first: skills met, then levels. “Key person” marks the only person you can see at{' '}
                {keyLevelName} or above in one of these skills.
              </p>
              <PeopleResults terms={terms} people={result.people} keyLevelName={keyLevelName} />
              {result.total > PEOPLE_PAGE_LIMIT ? (
                <p className="text-sm text-slate-600">
                  Showing the first {PEOPLE_PAGE_LIMIT} of {result.total}; the CSV has them all. Raise a level or add a
                  skill to narrow the list.
                </p>
              ) : null}
            </>
          ) : (
            <p className="text-sm text-slate-600">
              Nobody you can see matches. Try “Any of them”, a lower level, or counting “wants to grow”.
            </p>
          )}
        </section>
      ) : !problem ? (
        <p className="text-slate-600">Add one or more skills to see who holds them.</p>
      ) : null}

      {recent.length > 0 ? (
        <section
          aria-labelledby="recent-endorsements"
          className="rounded-xl border border-slate-200 bg-white p-4 sm:p-6"
        >
          <h2 id="recent-endorsements" className="text-lg font-semibold">
            Recent endorsements
          </h2>
          <ul className="mt-2 space-y-1 text-sm">
            {recent.map((entry) => (
              <li key={entry.id}>
                <Link
                  href={`/people/${entry.membershipId}`}
                  className="font-medium text-brand-700 underline underline-offset-2"
                >
                  {entry.memberName}
                </Link>{' '}
                endorsed for {entry.skillName} by {entry.endorserName}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
