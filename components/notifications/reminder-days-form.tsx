'use client';

import { FormStatus } from '@/components/admin/form-status';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { useActionForm } from '@/components/ui/use-action-form';
import type { ActionResult } from '@/lib/actions/result';

type Action = (state: unknown, formData: FormData) => Promise<ActionResult<unknown>>;

/** The organization's reminder days before a cycle's due date, as a comma-separated list. */
export function ReminderDaysForm({ action, current }: { action: Action; current: number[] }) {
  const { state, pending, fieldErrors, formProps } = useActionForm(action);
  return (
    <form {...formProps} className="space-y-3">
      <TextField
        label="Reminder days before the due date"
        name="reminderDays"
        defaultValue={current.join(', ')}
        inputMode="numeric"
        hint="Whole days, separated by commas (e.g. 7, 1). Empty: no reminders, only the overdue notice."
        errors={fieldErrors?.reminderDays}
      />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Save'}
        </Button>
        <FormStatus state={state} />
      </div>
    </form>
  );
}
