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
  // Up to 200 rows of a few cells each: the cells' and links' classes are set once on the table (descendant
  // variants; .data-table in app/globals.css pads the cells already), and cells are keyed by position. Every per-cell attribute is repeated in the
  // HTML and again in the page's RSC payload: at 200 people the page was 457 KB, most of its render time.
  return (
    <DataTable
      label="People matching the search, best match first"
      className="min-w-[36rem] [&_a]:text-brand-700 [&_a]:underline-offset-2 [&_a:hover]:underline [&_tbody_th]:font-medium [&_td]:tabular-nums [&_td:last-child]:text-slate-700"
      framed={false}
    >
      <thead>
        <tr>
          <th scope="col">Name</th>
          {terms.map((term) => (
            <th key={term.skillId} scope="col">
              {term.skillName} <span className="whitespace-nowrap font-normal">≥ {term.minLevel}</span>
            </th>
          ))}
          <th scope="col">Team(s)</th>
        </tr>
      </thead>
      <tbody>
        {people.map((person) => {
          const team = person.teams[0];
          return (
            <tr key={person.membershipId}>
              <th scope="row">
                {team ? <Link href={`/teams/${team.id}`}>{person.name}</Link> : person.name}
                {person.keyPerson ? (
                  <span
                    className="ml-2 inline-block rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-900"
                    title={`The only person you can see at ${keyLevelName} or above in a skill of this search`}
                  >
                    Key person
                  </span>
                ) : null}
              </th>
              {person.terms.map((term, index) => (
                // The terms are the query's, in its order: the same position in every row.
                <td key={index}>
                  {levelText(term)}{' '}
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
              <td>{person.teams.length > 0 ? person.teams.map((t) => t.name).join(', ') : 'No team'}</td>
            </tr>
          );
        })}
      </tbody>
    </DataTable>
  );
}
