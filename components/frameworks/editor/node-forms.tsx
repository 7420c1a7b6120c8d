'use client';

import { useActionState, useState, type KeyboardEvent } from 'react';
import { FormStatus } from '@/components/admin/form-status';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import type { ActionResult } from '@/lib/actions/result';
import {
  addFrameworkNodeAction,
  renameFrameworkNodeAction,
  updateProficiencyLevelAction,
} from '@/lib/frameworks/edit-actions';

type Kind = 'area' | 'category' | 'group' | 'skill';

const textareaClass =
  'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-invalid:border-red-600';

/** Escape closes an inline editor (the tree puts focus back on the button that opened it). */
function escapeCancels(onCancel: (() => void) | undefined) {
  return onCancel
    ? (event: KeyboardEvent<HTMLFormElement>) => {
        if (event.key === 'Escape') onCancel();
      }
    : undefined;
}

function CancelButton({ onCancel }: { onCancel: (() => void) | undefined }) {
  if (!onCancel) return null;
  return (
    <Button type="button" variant="ghost" className="px-3 py-1.5" onClick={onCancel}>
      Cancel
    </Button>
  );
}

/** Rename and re-describe one node; controlled fields, because React resets a form after each submission. */
export function RenameNodeForm({
  frameworkId,
  node,
  autoFocus,
  onSaved,
  onCancel,
}: {
  frameworkId: string;
  node: { id: string; name: string; description: string | null };
  autoFocus?: boolean;
  /** Called after a successful save (the tree closes the editor and announces the result). */
  onSaved?: (result: ActionResult<unknown>) => void;
  onCancel?: () => void;
}) {
  const [name, setName] = useState(node.name);
  const [description, setDescription] = useState(node.description ?? '');
  const [state, formAction, pending] = useActionState<ActionResult<unknown> | null, FormData>(
    async (previous, formData) => {
      const result = await renameFrameworkNodeAction(previous, formData);
      if (result.ok) onSaved?.(result);
      return result;
    },
    null,
  );
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={formAction} className="space-y-2" noValidate onKeyDown={escapeCancels(onCancel)}>
      <input type="hidden" name="frameworkId" value={frameworkId} />
      <input type="hidden" name="nodeId" value={node.id} />
      <TextField
        label="Name"
        name="name"
        id={`name-${node.id}`}
        autoFocus={autoFocus}
        value={name}
        onChange={(event) => setName(event.target.value)}
        maxLength={300}
        required
        errors={fieldErrors?.name}
      />
      <div className="space-y-1">
        <label htmlFor={`description-${node.id}`} className="block text-sm font-medium text-slate-800">
          Description
        </label>
        <textarea
          id={`description-${node.id}`}
          name="description"
          rows={2}
          maxLength={2000}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
          className={textareaClass}
        />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending} className="px-3 py-1.5">
          {pending ? 'Saving…' : 'Save'}
        </Button>
        <CancelButton onCancel={onCancel} />
        <FormStatus state={state} />
      </div>
    </form>
  );
}

/** Adds a node under `parentId` (or an area at the top when it is null), offering only the kinds allowed there. */
export function AddNodeForm({
  frameworkId,
  parentId,
  kinds,
  idPrefix,
  autoFocus,
  onSaved,
  onCancel,
}: {
  frameworkId: string;
  parentId: string | null;
  kinds: readonly Kind[];
  idPrefix: string;
  autoFocus?: boolean;
  onSaved?: (result: ActionResult<unknown>) => void;
  onCancel?: () => void;
}) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [kind, setKind] = useState<Kind>(kinds.includes('skill') ? 'skill' : (kinds[0] ?? 'area'));
  const [state, formAction, pending] = useActionState<ActionResult<unknown> | null, FormData>(
    async (previous, formData) => {
      const result = await addFrameworkNodeAction(previous, formData);
      if (result.ok) {
        setName('');
        setDescription('');
        onSaved?.(result);
      }
      return result;
    },
    null,
  );
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={formAction} className="space-y-2" noValidate onKeyDown={escapeCancels(onCancel)}>
      <input type="hidden" name="frameworkId" value={frameworkId} />
      <input type="hidden" name="parentId" value={parentId ?? ''} />
      {kinds.length > 1 ? (
        <div className="space-y-1">
          <label htmlFor={`${idPrefix}-kind`} className="block text-sm font-medium text-slate-800">
            Kind
          </label>
          <select
            id={`${idPrefix}-kind`}
            autoFocus={autoFocus}
            name="kind"
            value={kind}
            onChange={(event) => setKind(event.target.value as Kind)}
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
          >
            {kinds.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <input type="hidden" name="kind" value={kind} />
      )}
      <TextField
        label={`New ${kinds.length > 1 ? 'node' : kind} name`}
        name="name"
        id={`${idPrefix}-name`}
        autoFocus={autoFocus && kinds.length <= 1}
        value={name}
        onChange={(event) => setName(event.target.value)}
        maxLength={300}
        required
        errors={fieldErrors?.name}
      />
      <div className="space-y-1">
        <label htmlFor={`${idPrefix}-description`} className="block text-sm font-medium text-slate-800">
          Description (optional)
        </label>
        <textarea
          id={`${idPrefix}-description`}
          name="description"
          rows={2}
          maxLength={2000}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
          className={textareaClass}
        />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending} className="px-3 py-1.5">
          {pending ? 'Adding…' : 'Add'}
        </Button>
        <CancelButton onCancel={onCancel} />
        <FormStatus state={state} />
      </div>
    </form>
  );
}

/** One proficiency level's name and descriptor; the level numbers themselves never change (ratings use them). */
export function LevelForm({
  frameworkId,
  level,
}: {
  frameworkId: string;
  level: { level: number; name: string; descriptor: string };
}) {
  const [name, setName] = useState(level.name);
  const [descriptor, setDescriptor] = useState(level.descriptor);
  const [state, formAction, pending] = useActionState<ActionResult<unknown> | null, FormData>(
    updateProficiencyLevelAction,
    null,
  );
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={formAction} className="grid gap-2 sm:grid-cols-[12rem_1fr_auto] sm:items-end" noValidate>
      <input type="hidden" name="frameworkId" value={frameworkId} />
      <input type="hidden" name="level" value={level.level} />
      <TextField
        label={`Level ${level.level} name`}
        name="name"
        id={`level-${level.level}-name`}
        value={name}
        onChange={(event) => setName(event.target.value)}
        maxLength={100}
        required
        errors={fieldErrors?.name}
      />
      <TextField
        label={`Level ${level.level} descriptor`}
        name="descriptor"
        id={`level-${level.level}-descriptor`}
        value={descriptor}
        onChange={(event) => setDescriptor(event.target.value)}
        maxLength={2000}
        required
        errors={fieldErrors?.descriptor}
      />
      <Button type="submit" disabled={pending} className="px-3 py-1.5">
        {pending ? 'Saving…' : `Save level ${level.level}`}
      </Button>
      <FormStatus state={state} className="text-sm sm:col-span-3" />
    </form>
  );
}
