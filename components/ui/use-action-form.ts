'use client';

import { startTransition, useActionState, useEffect, useRef, type FormEvent, type RefObject } from 'react';
import type { ActionResult } from '@/lib/actions/result';

type FormAction<Data> = (state: ActionResult<Data> | null, formData: FormData) => Promise<ActionResult<Data>>;

interface ActionFormOptions<Data> {
  /**
   * Empty the fields after a success (back to their defaults), as a plain form post would: a form that
   * adds one thing after another. False for a settings form, whose fields show what was just saved;
   * a function decides from the reply (an invitation that needs a choice first keeps its address).
   */
  resetOnSuccess?: boolean | ((data: Data | undefined) => boolean);
}

export interface ActionForm<Data> {
  state: ActionResult<Data> | null;
  pending: boolean;
  /** The server's messages by field name, on a refusal. */
  fieldErrors: Partial<Record<string, string[]>> | undefined;
  /** Spread on the `<form>`. */
  formProps: {
    ref: RefObject<HTMLFormElement | null>;
    action: (formData: FormData) => void;
    onSubmit: (event: FormEvent<HTMLFormElement>) => void;
    noValidate: true;
  };
}

/**
 * A form posted to a server action (`defineAction`) that keeps what the reader typed when the server
 * refuses it. React resets a `<form action={fn}>` after every submission, so a zod or permission
 * refusal used to come back with the fields emptied (or set back to the saved values): the submission
 * goes through `onSubmit` in a transition instead, which React does not follow with a reset. After a
 * refusal, focus moves to the first field the server marked (`aria-invalid`, its message tied to it
 * with `aria-describedby`, as `TextField` and `Select` do), so the message is read out with the field.
 * `action` stays on the form for a post before the page's JavaScript has loaded.
 */
export function useActionForm<Data = unknown>(
  action: FormAction<Data>,
  { resetOnSuccess = false }: ActionFormOptions<Data> = {},
): ActionForm<Data> {
  const [state, formAction, pending] = useActionState<ActionResult<Data> | null, FormData>(action, null);
  const ref = useRef<HTMLFormElement>(null);

  useEffect(() => {
    const form = ref.current;
    if (!state || !form) return;
    if (state.ok) {
      if (typeof resetOnSuccess === 'function' ? resetOnSuccess(state.data) : resetOnSuccess) form.reset();
      return;
    }
    form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    // Only on a new result (each submission returns a new object), not when the caller's options change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // The button that submitted, so that its name and value are posted as a plain submission would.
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const formData = new FormData(event.currentTarget, submitter);
    startTransition(() => formAction(formData));
  };

  return {
    state,
    pending,
    fieldErrors: state && !state.ok ? state.fieldErrors : undefined,
    formProps: { ref, action: formAction, onSubmit, noValidate: true },
  };
}
