import Link from 'next/link';
import { DataTable } from '@/components/ui/table';
import type { PersonMatch, PersonTermResult, ResolvedTerm } from '@/lib/people/finder';

function levelText(term: PersonTermResult): string {
  if (term.notApplicable) return 'n/a';
  return term.level === null ? 'not rated' : String(term.level);
}

/**
 * The finder's ranked answer: one row per person, a column per asked skill
 * with the level, whether it meets the minimum (in words, not colour alone)
 * and "wants to grow". Names link to the first team page the viewer may open.
 */
export function PeopleResults({
  terms,
  people,
  keyLevelName,
}: {
  terms: readonly ResolvedTerm[];
  people: readonly PersonMatch[];
  keyLevelName: string;
}) {
  return (
    <DataTable label="People matching the search, best match first" className="min-w-[36rem]" framed={false}>
      <thead>
        <tr>
          <th scope="col" className="py-2 pr-3 font-medium">
            Name
          </th>
          {terms.map((term) => (
            <th key={term.skillId} scope="col" className="py-2 pr-3 font-medium">
              {term.skillName} <span className="whitespace-nowrap font-normal">≥ {term.minLevel}</span>
            </th>
          ))}
          <th scope="col" className="py-2 font-medium">
            Team(s)
          </th>
        </tr>
      </thead>
      <tbody>
        {people.map((person) => {
          const team = person.teams[0];
          return (
            <tr key={person.membershipId}>
              <th scope="row" className="py-2 pr-3 font-medium">
                {team ? (
                  <Link href={`/teams/${team.id}`} className="text-brand-700 underline-offset-2 hover:underline">
                    {person.name}
                  </Link>
                ) : (
                  person.name
                )}
                {person.keyPerson ? (
                  <span
                    className="ml-2 inline-block rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-900"
                    title={`The only person you can see at ${keyLevelName} or above in a skill of this search`}
                  >
                    Key person
                  </span>
                ) : null}
              </th>
              {person.terms.map((term) => (
                <td key={term.skillId} className="py-2 pr-3">
                  <span className="tabular-nums">{levelText(term)}</span>{' '}
                  <span className={term.met ? 'text-emerald-800' : 'text-slate-600'}>
                    {term.met ? '✓ meets' : 'below'}
                  </span>
                  {term.endorsements > 0 ? (
                    <span className="block text-xs text-emerald-800">endorsed ×{term.endorsements}</span>
                  ) : null}
                  {term.interest ? <span className="block text-xs text-brand-700">wants to grow</span> : null}
                  {term.soleHolder ? <span className="block text-xs text-amber-900">only holder</span> : null}
                </td>
              ))}
              <td className="py-2 text-slate-700">
                {person.teams.length > 0 ? person.teams.map((t) => t.name).join(', ') : 'No team'}
              </td>
            </tr>
          );
        })}
      </tbody>
    </DataTable>
  );
}
