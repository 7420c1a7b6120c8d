'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';

/** Copies the reminder list (names and emails of members below 100 %) to the clipboard. */
export function CompletionCopyButton({ text, count }: { text: string; count: number }) {
  const [status, setStatus] = useState('');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setStatus(`Copied ${count} ${count === 1 ? 'member' : 'members'} to the clipboard.`);
    } catch {
      setStatus('Could not copy: your browser blocked the clipboard. Select the list below instead.');
    }
  }
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button onClick={copy} disabled={count === 0}>
        Copy reminder list
      </Button>
      <p role="status" aria-live="polite" className="text-sm text-slate-700">
        {count === 0 ? 'Everyone has finished: every skill rated or confirmed in this cycle.' : status}
      </p>
    </div>
  );
}
