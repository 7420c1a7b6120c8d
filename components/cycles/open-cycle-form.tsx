'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import { TextField } from '@/components/ui/text-field';
import { useActionForm } from '@/components/ui/use-action-form';
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
  // A fresh form after each cycle opened; on an error it keeps what the admin typed.
  const { state, pending, fieldErrors: errors, formProps } = useActionForm(openCycleAction, { resetOnSuccess: true });
  const [teamId, setTeamId] = useState('');
  const openInScope = openCycles.filter((cycle) => (cycle.teamId ?? '') === teamId);

  if (frameworks.length === 0) {
    return <p className="text-sm text-slate-600">Import a framework first: a cycle assesses one framework.</p>;
  }

  return (
    <form {...formProps} className="space-y-4">
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
        <Select
          label="Framework"
          name="frameworkId"
          options={frameworks.map((framework) => ({ value: framework.id, label: framework.name }))}
          errors={errors?.frameworkId}
        />
        <Select
          label="Who"
          name="teamId"
          value={teamId}
          onChange={(event) => setTeamId(event.target.value)}
          options={[
            { value: '', label: 'The whole organization' },
            ...teams.map((team) => ({ value: team.id, label: `Team: ${team.name}` })),
          ]}
          errors={errors?.teamId}
        />
      </div>
      {openInScope.length > 0 ? (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          <label className="flex items-start gap-2">
            <input
              type="checkbox"
              name="closePrevious"
              className="mt-1"
              aria-invalid={errors?.closePrevious ? true : undefined}
              aria-describedby={
                errors?.closePrevious ? 'close-previous-error close-previous-help' : 'close-previous-help'
              }
            />
            <span>
              Close the open cycle {openInScope.map((cycle) => `“${cycle.name}”`).join(', ')}
              <span id="close-previous-help" className="block text-amber-900">
                Only one cycle can be open for {teamId ? 'a team' : 'the organization'} at a time; a closed cycle
                becomes a read-only snapshot.
              </span>
            </span>
          </label>
          {errors?.closePrevious ? (
            <p id="close-previous-error" className="mt-1 text-red-700">
              {errors.closePrevious.join(' ')}
            </p>
          ) : null}
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
