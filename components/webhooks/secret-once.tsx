'use client';

import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';

/** A signing secret, shown once: after this page it can only be replaced (rotated), never read again. */
export function SecretOnce({ secret }: { secret: string }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const inputId = useId();
  return (
    <div className="space-y-2 rounded-lg border border-brand-100 bg-brand-50 p-4">
      <label htmlFor={inputId} className="block text-sm font-medium text-brand-900">
        Signing secret — copy it into your receiver now, it will not be shown again
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          id={inputId}
          readOnly
          value={secret}
          onFocus={(event) => event.currentTarget.select()}
          className="block w-full min-w-0 rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs"
        />
        <Button
          variant="secondary"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(secret);
              setCopied('copied');
            } catch {
              // Clipboard access can be denied (insecure origin, permissions); the field stays selectable.
              setCopied('failed');
            }
          }}
        >
          Copy secret
        </Button>
      </div>
      <p className="text-xs text-slate-700" aria-live="polite">
        {copied === 'copied'
          ? 'Copied to the clipboard.'
          : copied === 'failed'
            ? 'Copying failed — select the secret and copy it.'
            : 'Your receiver verifies each request with it (see “Verifying a delivery” below).'}
      </p>
    </div>
  );
}
