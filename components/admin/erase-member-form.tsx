'use client';

import { useActionForm } from '@/components/ui/use-action-form';
import { useId } from 'react';
import { Button } from '@/components/ui/button';
import { eraseMemberAction } from '@/lib/portability/actions';
import { FormStatus } from './form-status';

/**
 * Erasure on request, behind two deliberate steps: open "Erase…", then type
 * ERASE. The admin chooses whether the organization keeps anonymous counts of
 * the person's ratings (docs: README, "Data portability").
 */
export function EraseMemberForm({ membershipId, name }: { membershipId: string; name: string }) {
  const { state, pending, fieldErrors, formProps } = useActionForm(eraseMemberAction);
  const confirmErrors = fieldErrors?.confirmation;
  const id = useId();
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer text-red-700 underline">Erase {name}…</summary>
      <form {...formProps} className="mt-2 max-w-xs space-y-2 rounded border border-red-200 p-3">
        <input type="hidden" name="membershipId" value={membershipId} />
        <p className="text-slate-700">
          Removes {name}’s name, email, ratings, teams and certifications for good. This cannot be undone.
        </p>
        <label className="flex items-start gap-2">
          <input type="checkbox" name="keepAggregates" defaultChecked className="mt-1" />
          <span>Keep anonymous counts of their ratings (no name attached)</span>
        </label>
        <div className="space-y-1">
          <label htmlFor={`${id}-confirm`} className="block font-medium text-slate-800">
            Type ERASE to confirm
          </label>
          <input
            id={`${id}-confirm`}
            name="confirmation"
            autoComplete="off"
            required
            aria-invalid={confirmErrors ? true : undefined}
            aria-describedby={confirmErrors ? `${id}-confirm-error` : undefined}
            className="w-full rounded border border-slate-300 px-2 py-1"
          />
          {confirmErrors ? (
            <p id={`${id}-confirm-error`} className="text-red-700">
              {confirmErrors.join(' ')}
            </p>
          ) : null}
        </div>
        <Button type="submit" variant="danger" disabled={pending}>
          {pending ? 'Erasing…' : `Erase ${name}`}
        </Button>
        <FormStatus state={state} />
      </form>
    </details>
  );
}
