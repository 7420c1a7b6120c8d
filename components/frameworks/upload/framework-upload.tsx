'use client';

import { useRouter } from 'next/navigation';
import { useId, useRef, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { FilePick } from '@/components/ui/file-pick';
import { importFrameworkAction, previewFrameworkAction } from '@/lib/frameworks/actions';
import type { FrameworkPreview } from '@/lib/frameworks/preview';
import {
  MAX_FRAMEWORK_FILE_BYTES,
  MAX_FRAMEWORK_FILE_LABEL,
  tooLargeMessage,
  utf8Bytes,
} from '@/lib/frameworks/upload-limits';
import { FrameworkPreviewView } from './framework-preview';

type Format = 'md' | 'json' | 'csv';

function formatOf(fileName: string): Format | null {
  const extension = fileName.toLowerCase().split('.').pop();
  if (extension === 'md' || extension === 'markdown') return 'md';
  if (extension === 'json') return 'json';
  if (extension === 'csv') return 'csv';
  return null;
}

/**
 * Upload → preview → confirm. The file is read in the browser and sent as
 * text; the server parses it again on confirm, so nothing from the preview is
 * trusted.
 */
export function FrameworkUpload() {
  const router = useRouter();
  const id = useId();
  const [text, setText] = useState('');
  const [format, setFormat] = useState<Format>('md');
  const [fileName, setFileName] = useState<string | undefined>(undefined);
  const [preview, setPreview] = useState<FrameworkPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const previewHeading = useRef<HTMLHeadingElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const reset = (keepMessage = false) => {
    setPreview(null);
    setError(null);
    if (!keepMessage) setMessage(null);
  };

  const onRefused = (message: string) => {
    // Refused before it is read or sent (FilePick clears the input), and so is an earlier
    // file's text: previewing now must not silently use the file the admin just replaced.
    if (fileName !== undefined) {
      setText('');
      setFileName(undefined);
    }
    setError(message);
  };

  const onText = (fileText: string, file: File) => {
    setFileName(file.name);
    const detected = formatOf(file.name);
    if (detected) setFormat(detected);
    setText(fileText);
  };

  const input = () => ({ text, format, ...(fileName ? { fileName } : {}) });

  const onPreview = () =>
    startTransition(async () => {
      reset();
      // Pasted text is measured too: the server would refuse it with the same message.
      const bytes = utf8Bytes(text);
      if (bytes > MAX_FRAMEWORK_FILE_BYTES) {
        setError(tooLargeMessage(bytes));
        return;
      }
      const result = await previewFrameworkAction(input());
      if (!result.ok) {
        setError(
          result.fieldErrors ? Object.values(result.fieldErrors).flat().join(' ') || result.error : result.error,
        );
        return;
      }
      setPreview(result.data ?? null);
      requestAnimationFrame(() => previewHeading.current?.focus());
    });

  const onConfirm = () =>
    startTransition(async () => {
      const result = await importFrameworkAction(input());
      if (!result.ok) {
        setPreview(null);
        setError(result.error);
        return;
      }
      setPreview(null);
      setMessage(result.message ?? 'Imported.');
      router.refresh();
    });

  return (
    <section
      aria-labelledby={`${id}-heading`}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-6"
    >
      <div>
        <h2 id={`${id}-heading`} className="text-lg font-semibold">
          Import a framework
        </h2>
        <p className="text-sm text-slate-600">
          Markdown (headings and <code>- **Name**: description</code> bullets), CSV (area, section, group, skill,
          description, key) or a JSON export. A framework with the same key is updated: skills are matched by key, so
          ratings stay attached; skills missing from the file are archived, never deleted. You see the changes before
          anything is saved. Files up to {MAX_FRAMEWORK_FILE_LABEL}.
        </p>
      </div>

      <div className="grid gap-4 sm:grid-cols-[1fr_auto]">
        <FilePick
          id={`${id}-file`}
          label="File"
          accept=".md,.markdown,.csv,.json,text/markdown,text/csv,application/json"
          maxBytes={MAX_FRAMEWORK_FILE_BYTES}
          tooLargeMessage={tooLargeMessage}
          onPick={() => reset()}
          onText={onText}
          onRefused={onRefused}
          inputRef={fileInput}
        />
        <div className="space-y-1">
          <label htmlFor={`${id}-format`} className="block text-sm font-medium text-slate-800">
            Format
          </label>
          <select
            id={`${id}-format`}
            value={format}
            onChange={(event) => {
              setFormat(event.target.value as Format);
              reset();
            }}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
          >
            <option value="md">Markdown</option>
            <option value="csv">CSV</option>
            <option value="json">JSON</option>
          </select>
        </div>
      </div>

      <div className="space-y-1">
        <label htmlFor={`${id}-text`} className="block text-sm font-medium text-slate-800">
          Or paste the text
        </label>
        <textarea
          id={`${id}-text`}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setFileName(undefined);
            // The text no longer is the chosen file's, so the input stops naming it.
            if (fileInput.current) fileInput.current.value = '';
            reset();
          }}
          rows={8}
          spellCheck={false}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-xs shadow-sm"
          aria-describedby={error ? `${id}-error` : undefined}
          aria-invalid={error ? true : undefined}
        />
      </div>

      <div className="flex flex-wrap gap-3">
        <Button onClick={onPreview} disabled={pending || text.length === 0}>
          {pending && !preview ? 'Checking…' : 'Preview changes'}
        </Button>
      </div>

      <div aria-live="polite" className="space-y-2">
        {error ? (
          <p
            id={`${id}-error`}
            role="alert"
            className="whitespace-pre-wrap rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800"
          >
            {error}
            <span className="mt-1 block text-red-700">Nothing was changed.</span>
          </p>
        ) : null}
        {message ? (
          <p role="status" className="rounded-md border border-green-200 bg-green-50 p-3 text-sm text-green-800">
            {message}
          </p>
        ) : null}
      </div>

      {preview ? (
        <div className="space-y-4 border-t border-slate-200 pt-4">
          <h3 ref={previewHeading} tabIndex={-1} className="text-base font-semibold focus:outline-none">
            Preview: {preview.name}
          </h3>
          <FrameworkPreviewView preview={preview} />
          <div className="flex flex-wrap gap-3">
            <Button onClick={onConfirm} disabled={pending || !preview.hasChanges}>
              {pending
                ? 'Importing…'
                : preview.currentVersion === null
                  ? 'Confirm import'
                  : `Confirm: create version ${preview.currentVersion + 1}`}
            </Button>
            <Button variant="secondary" onClick={() => reset()} disabled={pending}>
              Cancel
            </Button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
