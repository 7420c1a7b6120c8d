'use client';

import { useActionForm } from '@/components/ui/use-action-form';

import { FormStatus } from '@/components/admin/form-status';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import { assignFrameworkAction } from '@/lib/frameworks/assignment-actions';

/**
 * Assign the framework the organization (its default) or one team (an
 * override) assesses against. The server checks the role and that both ids
 * belong to the organization; this form only offers the choices.
 */
export function FrameworkAssignmentForm({
  frameworks,
  teams,
}: {
  frameworks: { id: string; name: string }[];
  teams: { id: string; name: string }[];
}) {
  const { state, pending, formProps } = useActionForm(assignFrameworkAction);
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form {...formProps} className="space-y-2">
      <div className="flex flex-wrap items-end gap-3">
        <Select
          label="Who"
          name="teamId"
          id="assignment-team"
          className="min-w-48 flex-1 space-y-1"
          options={[
            { value: '', label: 'The whole organization (default)' },
            ...teams.map((team) => ({ value: team.id, label: `Team: ${team.name}` })),
          ]}
          errors={fieldErrors?.teamId}
        />
        <Select
          label="Assesses against"
          name="frameworkId"
          id="assignment-framework"
          className="min-w-48 flex-1 space-y-1"
          options={[
            { value: '', label: 'No assignment (teams: the default)' },
            ...frameworks.map((framework) => ({ value: framework.id, label: framework.name })),
          ]}
          errors={fieldErrors?.frameworkId}
        />
        <Button type="submit" disabled={pending || frameworks.length === 0}>
          {pending ? 'Saving…' : 'Assign'}
        </Button>
      </div>
      <FormStatus state={state} />
    </form>
  );
}
