'use client';

import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { formatDateTime } from '@/lib/format/date';

/** The invitation link, shown once: only its hash is stored, so it cannot be shown again. */
export function CopyLink({ link, expiresAt }: { link: string; expiresAt: string }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  // Several links can be on the page at once (a resend next to a new invitation).
  const inputId = useId();
  return (
    <div className="space-y-2 rounded-lg border border-brand-100 bg-brand-50 p-4">
      <label htmlFor={inputId} className="block text-sm font-medium text-brand-900">
        Invitation link — copy it now, it will not be shown again
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          id={inputId}
          readOnly
          value={link}
          onFocus={(event) => event.currentTarget.select()}
          className="block w-full min-w-0 rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs"
        />
        <Button
          variant="secondary"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(link);
              setCopied('copied');
            } catch {
              // Clipboard access can be denied (insecure origin, permissions); the field stays selectable.
              setCopied('failed');
            }
          }}
        >
          Copy link
        </Button>
      </div>
      <p className="text-xs text-slate-700">
        Works once; expires {formatDateTime(expiresAt)}.{' '}
        <span aria-live="polite">
          {copied === 'copied'
            ? 'Copied to the clipboard.'
            : copied === 'failed'
              ? 'Copying failed — select the link and copy it.'
              : ''}
        </span>
      </p>
    </div>
  );
}
