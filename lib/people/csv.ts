/**
 * The people finder's answer as CSV: one row per person in the page's order,
 * with each asked skill's level and "wants to grow" side by side. Every cell
 * goes through the formula-injection guard (names and skill names are user
 * text), via `csvLines`.
 */
import 'server-only';
import { csvLines } from '@/lib/reports/csv';
import type { CsvCell } from '@/lib/reports/csv-safety';
import type { PersonMatch, ResolvedTerm } from './finder';

export function peopleCsv(terms: readonly ResolvedTerm[], people: readonly PersonMatch[]): string {
  const header: CsvCell[] = [
    'name',
    'teams',
    'key person',
    'skills met',
    ...terms.flatMap((term) => [`${term.skillName} (≥ ${term.minLevel})`, `${term.skillName}: wants to grow`]),
  ];
  const rows = people.map((person): CsvCell[] => [
    person.name,
    person.teams.map((team) => team.name).join('; '),
    person.keyPerson ? 'yes' : 'no',
    person.metCount,
    ...person.terms.flatMap((term): CsvCell[] => [
      term.notApplicable ? 'n/a' : term.level,
      term.interest ? 'yes' : 'no',
    ]),
  ]);
  return csvLines([header, ...rows]);
}
