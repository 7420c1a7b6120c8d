'use client';

import { useActionForm } from '@/components/ui/use-action-form';
import { useActionState, useId, useState } from 'react';
import { FormStatus } from '@/components/admin/form-status';
import { Button } from '@/components/ui/button';
import { endorseAction, withdrawEndorsementAction } from '@/lib/trust/endorsement-actions';
import { ENDORSEMENT_COMMENT_MAX } from '@/lib/trust/limits';

/**
 * "Endorse" beside a rating: opens a short optional comment and saves; once
 * given, the endorser can change the comment or withdraw it. The server decides
 * whether the endorsement is allowed (lib/trust/endorsement-rules.ts); this only asks.
 */
export function EndorseForm({
  membershipId,
  memberName,
  skillId,
  skillName,
  cycleId,
  mine,
}: {
  membershipId: string;
  memberName: string;
  skillId: string;
  skillName: string;
  cycleId: string;
  /** The viewer's own endorsement of this rating in this cycle, if any. */
  mine: { id: string; comment: string | null } | null;
}) {
  const [open, setOpen] = useState(false);
  const { state, pending, formProps } = useActionForm(async (previous, formData) => {
    const result = await endorseAction(previous, formData);
    if (result.ok) setOpen(false);
    return result;
  });
  const [withdrawState, withdrawAction, withdrawing] = useActionState(withdrawEndorsementAction, null);
  const commentId = useId();
  const errors = state && !state.ok ? state.fieldErrors?.comment : undefined;
  return (
    <div className="mt-2 space-y-1 text-sm">
      {open ? (
        <form {...formProps} className="space-y-2">
          <input type="hidden" name="membershipId" value={membershipId} />
          <input type="hidden" name="skillId" value={skillId} />
          <input type="hidden" name="cycleId" value={cycleId} />
          <label htmlFor={commentId} className="block font-medium text-slate-800">
            Comment for {memberName} (optional)
          </label>
          <textarea
            id={commentId}
            name="comment"
            rows={2}
            maxLength={ENDORSEMENT_COMMENT_MAX}
            defaultValue={mine?.comment ?? ''}
            aria-invalid={errors ? true : undefined}
            aria-describedby={errors ? `${commentId}-error` : undefined}
            className="block w-full rounded-md border border-slate-300 px-3 py-2"
            placeholder="What you saw them do with it"
          />
          {errors ? (
            <p id={`${commentId}-error`} className="text-red-700">
              {errors.join(' ')}
            </p>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <Button type="submit" className="px-3 py-1.5" disabled={pending}>
              {pending ? 'Saving…' : mine ? 'Save endorsement' : `Endorse ${skillName}`}
            </Button>
            <Button type="button" variant="ghost" className="px-3 py-1.5" onClick={() => setOpen(false)}>
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <div className="flex flex-wrap items-center gap-2">
          <Button
            variant="secondary"
            className="px-3 py-1.5"
            aria-label={
              mine ? `Edit your endorsement of ${memberName}’s ${skillName}` : `Endorse ${memberName}’s ${skillName}`
            }
            onClick={() => setOpen(true)}
          >
            {mine ? 'Edit endorsement' : 'Endorse'}
          </Button>
          {mine ? (
            <form action={withdrawAction}>
              <input type="hidden" name="endorsementId" value={mine.id} />
              <Button
                type="submit"
                variant="ghost"
                className="px-3 py-1.5"
                disabled={withdrawing}
                aria-label={`Withdraw your endorsement of ${memberName}’s ${skillName}`}
              >
                {withdrawing ? 'Withdrawing…' : 'Withdraw'}
              </Button>
            </form>
          ) : null}
        </div>
      )}
      <FormStatus state={state} />
      <FormStatus state={withdrawState} />
    </div>
  );
}
