import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PeopleResults } from '@/components/people/people-results';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import { getReadDb } from '@/db';
import { hasRole } from '@/lib/auth/authorize';
import { requireSession } from '@/lib/auth/session';
import { RATING_VIEWS, RATING_VIEW_LABELS } from '@/lib/insight/effective-ratings';
import {
  PEOPLE_RESULT_LIMIT,
  findPeople,
  findPeopleCycle,
  listFinderSkills,
  peopleSearchSchema,
} from '@/lib/people/finder';
import { loadLevelNames } from '@/lib/profile/levels';

export const metadata: Metadata = { title: 'People finder' };

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
  const raw = await searchParams;
  const search = peopleSearchSchema.parse({
    skill: typeof raw.skill === 'string' && raw.skill ? raw.skill : undefined,
    min: typeof raw.min === 'string' ? raw.min : undefined,
    interest: typeof raw.interest === 'string' ? raw.interest : undefined,
    view: typeof raw.view === 'string' ? raw.view : undefined,
  });
  const scopeText =
    session.membership.role === 'admin' ? 'everyone in the organization' : 'the members of the teams you manage';

  const cycle = await findPeopleCycle(db, organizationId);
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
  const [skills, levels] = await Promise.all([
    listFinderSkills(db, organizationId, cycle.frameworkId),
    loadLevelNames(db, organizationId, cycle.frameworkId),
  ]);
  const skill = search.skill ? skills.find((s) => s.id === search.skill) : undefined;
  const results = skill
    ? await findPeople(db, session, {
        cycleId: cycle.id,
        skillId: skill.id,
        minLevel: search.min,
        interestOnly: search.interest,
        view: search.view,
      })
    : null;
  const scale = levels.length > 0 ? levels : [0, 1, 2, 3, 4].map((level) => ({ level, name: '' }));

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">People finder</h1>
        <p className="text-slate-600">
          Who is at a level in a skill, and who wants to grow there — among {scopeText}. {cycle.name} ({cycle.status}).
        </p>
      </div>

      <form
        method="get"
        role="search"
        className="grid gap-4 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-2 sm:p-6 lg:grid-cols-4"
      >
        <Select
          label="Skill"
          name="skill"
          defaultValue={skill?.id ?? ''}
          options={[{ value: '', label: 'Choose a skill…' }, ...skills.map((s) => ({ value: s.id, label: s.name }))]}
          className="space-y-1 sm:col-span-2"
        />
        <Select
          label="Minimum level"
          name="min"
          defaultValue={String(search.min)}
          options={scale.map((level) => ({
            value: String(level.level),
            label: `${level.level}${level.name ? ` ${level.name}` : ''}`,
          }))}
        />
        <Select
          label="Ratings used"
          name="view"
          defaultValue={search.view}
          options={RATING_VIEWS.map((value) => ({ value, label: RATING_VIEW_LABELS[value] }))}
        />
        <div className="flex items-center gap-2 sm:col-span-2">
          <input
            id="people-interest"
            type="checkbox"
            name="interest"
            value="1"
            defaultChecked={search.interest}
            className="h-4 w-4 rounded border-slate-300"
          />
          <label htmlFor="people-interest" className="text-sm">
            Also wants to grow in it
          </label>
        </div>
        <div className="sm:col-span-2 sm:text-right lg:col-span-2">
          <Button type="submit">Find people</Button>
        </div>
      </form>

      {search.skill && !skill ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          That skill is not part of the current framework. Choose one from the list.
        </p>
      ) : null}

      {skill && results ? (
        <div className="space-y-6" aria-live="polite">
          <section
            aria-labelledby="at-level"
            className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-6"
          >
            <h2 id="at-level" className="text-lg font-semibold">
              At level {search.min} or above in {skill.name}
              {search.interest ? ' and wanting to grow' : ''} ({results.atLevel.length})
            </h2>
            <PeopleResults
              people={results.atLevel}
              caption={`People at level ${search.min} or above in ${skill.name}`}
              empty="Nobody you can see matches."
            />
          </section>
          <section
            aria-labelledby="want-to-grow"
            className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-6"
          >
            <h2 id="want-to-grow" className="text-lg font-semibold">
              Want to grow in {skill.name} ({results.wantToGrow.length})
            </h2>
            <PeopleResults
              people={results.wantToGrow}
              caption={`People who want to grow in ${skill.name}`}
              empty="Nobody you can see has marked an interest yet."
            />
          </section>
          {results.atLevel.length >= PEOPLE_RESULT_LIMIT || results.wantToGrow.length >= PEOPLE_RESULT_LIMIT ? (
            <p className="text-sm text-slate-600">
              Showing the first {PEOPLE_RESULT_LIMIT} of each list; raise the level to narrow it.
            </p>
          ) : null}
        </div>
      ) : !search.skill ? (
        <p className="text-slate-600">Choose a skill to see who holds it.</p>
      ) : null}
    </div>
  );
}
