'use client';

import { startTransition, useActionState, useState } from 'react';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import type { ActionResult } from '@/lib/actions/result';
import { openCycleAction } from '@/lib/cycles/actions';

interface Option {
  id: string;
  name: string;
}

export function OpenCycleForm({
  frameworks,
  teams,
  openCycles,
}: {
  frameworks: Option[];
  teams: Option[];
  openCycles: { id: string; name: string; teamId: string | null }[];
}) {
  const [state, formAction, pending] = useActionState<
    ActionResult<{ cycleId: string; carriedOver: number }> | null,
    FormData
  >(openCycleAction, null);
  const [teamId, setTeamId] = useState('');
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const openInScope = openCycles.filter((cycle) => (cycle.teamId ?? '') === teamId);

  if (frameworks.length === 0) {
    return <p className="text-sm text-slate-600">Import a framework first: a cycle assesses one framework.</p>;
  }

  return (
    <form
      // A fresh form after each cycle opened; on an error it keeps what the admin typed.
      key={state?.ok ? state.data?.cycleId : 'draft'}
      // Submitted by hand rather than through `action`: React resets a form after its action runs,
      // which would wipe what the admin typed when the server asks them to fix something.
      onSubmit={(event) => {
        event.preventDefault();
        const formData = new FormData(event.currentTarget);
        startTransition(() => formAction(formData));
      }}
      className="space-y-4"
      noValidate
    >
      <TextField label="Name" name="name" required maxLength={100} placeholder="2027 Q1" errors={errors?.name} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Opens on" name="opensOn" type="date" required errors={errors?.opensOn} />
        <TextField label="Closes on" name="closesOn" type="date" required errors={errors?.closesOn} />
      </div>
      <TextField
        label="Due on (optional)"
        name="dueOn"
        type="date"
        hint="Members who are not done get reminders before this date and a notice after it."
        errors={errors?.dueOn}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="space-y-1">
          <label htmlFor="field-frameworkId" className="block text-sm font-medium text-slate-800">
            Framework
          </label>
          <select
            id="field-frameworkId"
            name="frameworkId"
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
          >
            {frameworks.map((framework) => (
              <option key={framework.id} value={framework.id}>
                {framework.name}
              </option>
            ))}
          </select>
          {errors?.frameworkId ? <p className="text-sm text-red-700">{errors.frameworkId.join(' ')}</p> : null}
        </div>
        <div className="space-y-1">
          <label htmlFor="field-teamId" className="block text-sm font-medium text-slate-800">
            Who
          </label>
          <select
            id="field-teamId"
            name="teamId"
            value={teamId}
            onChange={(event) => setTeamId(event.target.value)}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
          >
            <option value="">The whole organization</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                Team: {team.name}
              </option>
            ))}
          </select>
          {errors?.teamId ? <p className="text-sm text-red-700">{errors.teamId.join(' ')}</p> : null}
        </div>
      </div>
      {openInScope.length > 0 ? (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          <label className="flex items-start gap-2">
            <input type="checkbox" name="closePrevious" className="mt-1" aria-describedby="close-previous-help" />
            <span>
              Close the open cycle {openInScope.map((cycle) => `“${cycle.name}”`).join(', ')}
              <span id="close-previous-help" className="block text-amber-900">
                Only one cycle can be open for {teamId ? 'a team' : 'the organization'} at a time; a closed cycle
                becomes a read-only snapshot.
              </span>
            </span>
          </label>
          {errors?.closePrevious ? <p className="mt-1 text-red-700">{errors.closePrevious.join(' ')}</p> : null}
        </div>
      ) : null}
      <p className="text-sm text-slate-600">
        Everyone starts from their latest ratings, marked “carried over” until they confirm or change them.
      </p>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? 'Opening…' : 'Open cycle'}
        </Button>
        <p role="status" aria-live="polite" className={state?.ok ? 'text-sm text-green-800' : 'text-sm text-red-700'}>
          {state ? (state.ok ? state.message : state.error) : null}
        </p>
      </div>
    </form>
  );
}
