'use client';

import { useId, useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';

/**
 * A value shown once — an API token's secret, a webhook signing secret, an
 * invitation link: only its hash is kept (or, for a signing secret, it can
 * only be replaced), so this is the one chance to copy it. A read-only field
 * that selects itself on focus, a copy button, and a polite live region that
 * says whether copying worked (clipboard access can be denied; the field
 * stays selectable then).
 */
export function CopyOnce({
  value,
  label,
  what,
  hint,
}: {
  value: string;
  /** The field's label: what it is, and that it will not be shown again. */
  label: string;
  /** `secret` or `link`: the button says "Copy secret", a failure "select the secret and copy it". */
  what: 'secret' | 'link';
  /** What to do with it, shown under the field. */
  hint: ReactNode;
}) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  // Several can be on one page at once (a resent invitation next to a new one).
  const inputId = useId();
  return (
    <div className="space-y-2 rounded-lg border border-brand-100 bg-brand-50 p-4">
      <label htmlFor={inputId} className="block text-sm font-medium text-brand-900">
        {label}
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          id={inputId}
          readOnly
          value={value}
          onFocus={(event) => event.currentTarget.select()}
          className="block w-full min-w-0 rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs"
        />
        <Button
          variant="secondary"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(value);
              setCopied('copied');
            } catch {
              setCopied('failed');
            }
          }}
        >
          Copy {what}
        </Button>
      </div>
      <p className="text-xs text-slate-700">
        {hint}{' '}
        <span aria-live="polite">
          {copied === 'copied'
            ? 'Copied to the clipboard.'
            : copied === 'failed'
              ? `Copying failed — select the ${what} and copy it.`
              : ''}
        </span>
      </p>
    </div>
  );
}
