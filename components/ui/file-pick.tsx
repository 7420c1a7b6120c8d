'use client';

import type { ChangeEvent, Ref } from 'react';

interface FilePickProps {
  id: string;
  label: string;
  /** The file types offered by the browser's picker (the server checks the content again). */
  accept: string;
  /** Larger files are refused before they are read or sent. */
  maxBytes: number;
  /** The message for a refused file, given its size. */
  tooLargeMessage: (bytes: number) => string;
  /** Every change, first: earlier previews and errors no longer apply. */
  onPick?: () => void;
  /** A file within the limit, read as text. */
  onText: (text: string, file: File) => void;
  /** A file over the limit: the input is already cleared, so it cannot be sent by mistake. */
  onRefused: (message: string) => void;
  inputRef?: Ref<HTMLInputElement>;
}

/** A labelled file input that reads the chosen text file in the browser, refusing one over the size limit. */
export function FilePick({
  id,
  label,
  accept,
  maxBytes,
  tooLargeMessage,
  onPick,
  onText,
  onRefused,
  inputRef,
}: FilePickProps) {
  const onChange = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    onPick?.();
    if (!file) return;
    if (file.size > maxBytes) {
      event.target.value = '';
      onRefused(tooLargeMessage(file.size));
      return;
    }
    onText(await file.text(), file);
  };
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        ref={inputRef}
        id={id}
        type="file"
        accept={accept}
        onChange={(event) => void onChange(event)}
        className="block w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-2 file:text-sm"
      />
    </div>
  );
}
