import type { z } from 'zod';

/** What every server action returns: the form shows `error` and the messages next to each field. */
export type ActionResult<T = undefined> =
  | { ok: true; data?: T; message?: string }
  | { ok: false; error: string; fieldErrors?: Partial<Record<string, string[]>> };

export const idleResult = null;

export function invalidInput(
  error: z.ZodError,
  message = 'Please correct the highlighted fields.',
): ActionResult<never> {
  const fieldErrors: Partial<Record<string, string[]>> = {};
  for (const issue of error.issues) {
    const field = issue.path.join('.') || 'form';
    (fieldErrors[field] ??= []).push(issue.message);
  }
  return { ok: false, error: message, fieldErrors };
}

export function formValues(formData: FormData): Record<string, FormDataEntryValue> {
  return Object.fromEntries(formData.entries());
}
