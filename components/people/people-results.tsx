import Link from 'next/link';
import type { PersonResult } from '@/lib/people/finder';
import { DataTable } from '@/components/ui/table';

function levelText(person: PersonResult): string {
  if (person.notApplicable) return 'n/a';
  return person.level === null ? 'not rated' : String(person.level);
}

/** Names link to the first team page the viewer may open; people in no visible team are listed without a link. */
export function PeopleResults({ people, caption, empty }: { people: PersonResult[]; caption: string; empty: string }) {
  if (people.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <DataTable label={caption} className="min-w-[32rem]" framed={false}>
      <thead>
        <tr>
          <th scope="col" className="py-2 pr-3 font-medium">
            Name
          </th>
          <th scope="col" className="py-2 pr-3 font-medium">
            Team(s)
          </th>
          <th scope="col" className="py-2 pr-3 text-right font-medium">
            Level
          </th>
          <th scope="col" className="py-2 font-medium">
            Wants to grow
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
              </th>
              <td className="py-2 pr-3 text-slate-700">
                {person.teams.length > 0 ? person.teams.map((t) => t.name).join(', ') : 'No team'}
              </td>
              <td className="py-2 pr-3 text-right tabular-nums">{levelText(person)}</td>
              <td className="py-2">{person.interest ? 'Yes' : 'No'}</td>
            </tr>
          );
        })}
      </tbody>
    </DataTable>
  );
}
