'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useId, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import type { ActionResult } from '@/lib/actions/result';
import { FormStatus } from './form-status';

type Action = (state: unknown, formData: FormData) => Promise<ActionResult<unknown>>;

interface ActionButtonFormProps {
  action: Action;
  /** Hidden fields identifying the target (ids). */
  fields: Record<string, string>;
  label: string;
  pendingLabel: string;
  /** An accessible name when the visible label is short, e.g. "Remove Ada from Platform". */
  ariaLabel?: string;
  variant?: 'primary' | 'secondary' | 'danger' | 'ghost';
  /** Destructive actions ask first: the first click reveals this question and a confirm button. */
  confirm?: { question: string; confirmLabel: string };
  /** Where to go after success, for actions that remove the page's own subject (deleting a team). */
  successHref?: string;
}

/** A one-button form (optionally with a confirmation step) that reports its result in a live region. */
export function ActionButtonForm({
  action,
  fields,
  label,
  pendingLabel,
  ariaLabel,
  variant = 'secondary',
  confirm,
  successHref,
}: ActionButtonFormProps) {
  const router = useRouter();
  const [state, formAction, pending] = useActionState<ActionResult<unknown> | null, FormData>(
    async (previous, formData) => {
      const result = await action(previous, formData);
      if (result.ok && successHref) router.replace(successHref);
      return result;
    },
    null,
  );
  const [confirming, setConfirming] = useState(false);
  const questionId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const wasConfirming = useRef(false);

  // Keyboard users stay in place: focus the confirm button when it appears and the start button when it goes.
  useEffect(() => {
    if (confirming || wasConfirming.current) formRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const hidden = Object.entries(fields).map(([name, value]) => (
    <input key={name} type="hidden" name={name} value={value} />
  ));

  if (confirm && confirming) {
    return (
      <form
        ref={formRef}
        action={(formData) => {
          setConfirming(false);
          formAction(formData);
        }}
        className="flex flex-wrap items-center gap-2"
        onKeyDown={(event) => {
          if (event.key === 'Escape') setConfirming(false);
        }}
      >
        {hidden}
        <span id={questionId} className="text-sm text-slate-800">
          {confirm.question}
        </span>
        <Button type="submit" variant="danger" className="px-3 py-1.5" aria-describedby={questionId}>
          {confirm.confirmLabel}
        </Button>
        <Button type="button" variant="ghost" className="px-3 py-1.5" onClick={() => setConfirming(false)}>
          Cancel
        </Button>
      </form>
    );
  }

  return (
    <form ref={formRef} action={formAction} className="flex flex-wrap items-center gap-2">
      {hidden}
      <Button
        type={confirm ? 'button' : 'submit'}
        variant={variant}
        className="px-3 py-1.5"
        disabled={pending}
        aria-label={ariaLabel}
        onClick={confirm ? () => setConfirming(true) : undefined}
      >
        {pending ? pendingLabel : label}
      </Button>
      <FormStatus state={state} />
    </form>
  );
}
