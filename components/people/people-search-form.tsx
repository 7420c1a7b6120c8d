'use client';

import { Command } from 'cmdk';
import { useRouter } from 'next/navigation';
import { useId, useMemo, useState, useTransition, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import type { RatingView } from '@/lib/insight/effective-ratings';
import { MAX_PEOPLE_TERMS, peopleQueryString, type PeopleMatch, type PeopleTerm } from '@/lib/people/query';

export interface PickerSkill {
  id: string;
  name: string;
  path: string;
}

interface Props {
  skills: readonly PickerSkill[];
  levels: readonly { level: number; name: string }[];
  views: readonly { value: RatingView; label: string }[];
  initial: { terms: readonly PeopleTerm[]; match: PeopleMatch; grow: boolean; endorsed: boolean; view: RatingView };
  /** The level a newly added skill asks for. */
  defaultLevel: number;
}

/** How many suggestions the picker lists at once: enough to scan, few enough to read. */
const SUGGESTIONS = 30;

/** Every typed word must appear in the skill's name or its place in the framework. */
function matches(skill: PickerSkill, words: readonly string[]): boolean {
  const text = `${skill.name} ${skill.path}`.toLowerCase();
  return words.every((word) => text.includes(word));
}

/**
 * The finder's query builder: skills are added by typing (a combobox over the
 * framework, cmdk), each with its minimum level; "all"/"any", "wants to grow"
 * and the rating view beside them. Submitting puts the query in the URL, so a
 * search can be bookmarked, shared and exported as it is.
 */
export function PeopleSearchForm({ skills, levels, views, initial, defaultLevel }: Props) {
  const router = useRouter();
  const ids = useId();
  const [terms, setTerms] = useState<PeopleTerm[]>([...initial.terms]);
  const [match, setMatch] = useState<PeopleMatch>(initial.match);
  const [grow, setGrow] = useState(initial.grow);
  const [endorsed, setEndorsed] = useState(initial.endorsed);
  const [view, setView] = useState<RatingView>(initial.view);
  const [search, setSearch] = useState('');
  // A transition, not a flag: it ends when the new URL's page has rendered (the form is not remounted).
  const [pending, startTransition] = useTransition();

  const byId = useMemo(() => new Map(skills.map((skill) => [skill.id, skill])), [skills]);
  const chosen = new Set(terms.map((term) => term.skillId));
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const suggestions =
    words.length === 0
      ? []
      : skills.filter((skill) => !chosen.has(skill.id) && matches(skill, words)).slice(0, SUGGESTIONS);
  const full = terms.length >= MAX_PEOPLE_TERMS;

  function add(skillId: string) {
    if (full || chosen.has(skillId)) return;
    setTerms([...terms, { skillId, minLevel: defaultLevel }]);
    setSearch('');
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (terms.length === 0) return;
    startTransition(() => router.push(`/people?${peopleQueryString({ terms, match, grow, endorsed, view })}`));
  }

  const levelOptions = levels.map((level) => ({
    value: String(level.level),
    label: `${level.level}${level.name ? ` ${level.name}` : ''} or above`,
  }));

  return (
    <form
      role="search"
      aria-label="Find people by skills"
      onSubmit={submit}
      className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 sm:p-6"
    >
      <div className="space-y-1">
        {/* cmdk labels its input itself (visually hidden); this is the same text, shown. */}
        <span aria-hidden="true" className="block text-sm font-medium text-slate-800">
          Add a skill
        </span>
        <Command shouldFilter={false} label="Add a skill" className="relative">
          <Command.Input
            value={search}
            onValueChange={setSearch}
            disabled={full}
            placeholder={full ? `At most ${MAX_PEOPLE_TERMS} skills` : 'Type a skill, e.g. Kubernetes'}
            aria-describedby={`${ids}-skill-hint`}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm disabled:bg-slate-100"
          />
          {/* Always rendered (hidden until something is typed): the input's aria-controls names this list. */}
          <Command.List
            hidden={words.length === 0}
            className="mt-1 max-h-72 overflow-y-auto rounded-md border border-slate-200 bg-white shadow-lg"
          >
            <Command.Empty className="px-3 py-2 text-sm text-slate-600">
              No skill of the framework matches “{search}”.
            </Command.Empty>
            {suggestions.map((skill) => (
              <Command.Item
                key={skill.id}
                value={skill.id}
                onSelect={() => add(skill.id)}
                className="cursor-pointer px-3 py-2 text-sm data-[selected=true]:bg-brand-50 data-[selected=true]:text-brand-900"
              >
                <span className="font-medium">{skill.name}</span>
                <span className="block text-xs text-slate-600">{skill.path}</span>
              </Command.Item>
            ))}
          </Command.List>
        </Command>
        <p id={`${ids}-skill-hint`} className="text-xs text-slate-600">
          Up to {MAX_PEOPLE_TERMS} skills; arrow keys move through the suggestions, Enter adds one.
        </p>
      </div>

      {terms.length > 0 ? (
        <ul aria-label="Skills in this search" className="divide-y divide-slate-100 rounded-md border border-slate-200">
          {terms.map((term, index) => {
            const skill = byId.get(term.skillId);
            const name = skill?.name ?? 'Unknown skill';
            return (
              <li key={term.skillId} className="flex flex-wrap items-center gap-3 px-3 py-2">
                <div className="min-w-0 flex-1">
                  <p className="font-medium">{name}</p>
                  {skill ? <p className="text-xs text-slate-600">{skill.path}</p> : null}
                </div>
                <Select
                  label={`Minimum level in ${name}`}
                  hideLabel
                  name={`min-${index}`}
                  id={`${ids}-min-${index}`}
                  value={String(term.minLevel)}
                  onChange={(event) =>
                    setTerms(
                      terms.map((t, i) => (i === index ? { ...t, minLevel: Number(event.currentTarget.value) } : t)),
                    )
                  }
                  options={levelOptions}
                  className="w-48"
                />
                <Button
                  type="button"
                  variant="secondary"
                  aria-label={`Remove ${name}`}
                  onClick={() => setTerms(terms.filter((_, i) => i !== index))}
                >
                  Remove
                </Button>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">No skills yet: type one above to start.</p>
      )}

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium text-slate-800">Match</legend>
          {(
            [
              ['all', 'All of these skills'],
              ['any', 'Any of them'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="match"
                value={value}
                checked={match === value}
                onChange={() => setMatch(value)}
                className="h-4 w-4"
              />
              {label}
            </label>
          ))}
        </fieldset>
        <label className="flex items-start gap-2 self-center text-sm">
          <input
            type="checkbox"
            checked={grow}
            onChange={(event) => setGrow(event.currentTarget.checked)}
            className="mt-0.5 h-4 w-4 rounded border-slate-300"
          />
          <span>Count “wants to grow there” as a match (below the level)</span>
        </label>
        <label className="flex items-start gap-2 self-center text-sm">
          <input
            type="checkbox"
            checked={endorsed}
            onChange={(event) => setEndorsed(event.currentTarget.checked)}
            className="mt-0.5 h-4 w-4 rounded border-slate-300"
          />
          <span>Endorsed only: count a skill where a teammate or manager endorsed the rating</span>
        </label>
        <Select
          label="Ratings used"
          name="view"
          id={`${ids}-view`}
          value={view}
          onChange={(event) => setView(event.currentTarget.value as RatingView)}
          options={views}
        />
      </div>
      <div className="flex justify-end">
        <Button type="submit" disabled={terms.length === 0 || pending}>
          {pending ? 'Searching…' : 'Find people'}
        </Button>
      </div>
    </form>
  );
}
