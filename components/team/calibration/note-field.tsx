'use client';

import { useState } from 'react';

/** A comment beside the rating, saved when the field is left (no Save button). */
export function NoteField({
  skillName,
  note,
  noteMax,
  canSave,
  onSave,
}: {
  skillName: string;
  note: string | null;
  noteMax: number;
  canSave: boolean;
  onSave: (note: string | null) => void;
}) {
  const [text, setText] = useState(note ?? '');
  return (
    <input
      type="text"
      aria-label={`Comment on ${skillName}`}
      placeholder={canSave ? 'Comment (optional)' : 'Rate first, then comment'}
      disabled={!canSave}
      maxLength={noteMax}
      value={text}
      onChange={(event) => setText(event.currentTarget.value)}
      onKeyDown={(event) => {
        if (event.key === 'Escape' || event.key === 'Enter') event.currentTarget.blur();
      }}
      onBlur={() => {
        const trimmed = text.trim();
        if (trimmed !== (note ?? '')) onSave(trimmed === '' ? null : trimmed);
      }}
      className="w-full rounded-md border border-slate-300 px-2 py-1 text-sm disabled:bg-slate-50"
    />
  );
}
