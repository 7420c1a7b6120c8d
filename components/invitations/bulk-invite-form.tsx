'use client';

import { useId, useRef, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { FilePick } from '@/components/ui/file-pick';
import { DataTable } from '@/components/ui/table';
import type { BulkLine, BulkLineStatus, BulkPlan } from '@/lib/invitations/bulk';
import {
  previewBulkInvitationsAction,
  sendBulkInvitationsAction,
  type BulkResult,
} from '@/lib/invitations/bulk-actions';

const STATUS_LABEL: Record<BulkLineStatus, string> = {
  invite: 'Will be invited',
  member: 'Skipped: already a member',
  pending: 'Skipped: already invited',
  error: 'Error',
};

const STATUS_STYLE: Record<BulkLineStatus, string> = {
  invite: 'text-green-900',
  member: 'text-slate-700',
  pending: 'text-slate-700',
  error: 'font-medium text-red-800',
};

/** "email,link" lines for the admin to pass on when mail is not configured. */
function linksCsv(result: BulkResult): string {
  const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
  return [
    'email,link,expires',
    ...result.sent.map((row) => [row.email, row.link, row.expiresAt].map(quote).join(',')),
  ].join('\n');
}

/**
 * Paste emails or choose a CSV (name, email, team, role) → check every line →
 * send. Nothing is sent before the check, and the server checks again.
 */
export function BulkInviteForm({ teams }: { teams: { id: string; name: string }[] }) {
  const id = useId();
  const [text, setText] = useState('');
  const [defaultRole, setDefaultRole] = useState('member');
  const [defaultTeamId, setDefaultTeamId] = useState('');
  const [plan, setPlan] = useState<BulkPlan | null>(null);
  const [result, setResult] = useState<(BulkResult & { message: string }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const fileInput = useRef<HTMLInputElement>(null);
  const summary = useRef<HTMLHeadingElement>(null);

  const clear = () => {
    setPlan(null);
    setResult(null);
    setError(null);
  };
  const input = () => ({ text, defaultRole, defaultTeamId });

  const onCheck = () =>
    startTransition(async () => {
      clear();
      const response = await previewBulkInvitationsAction(input());
      if (!response.ok) {
        setError(response.error);
        return;
      }
      setPlan(response.data ?? null);
      requestAnimationFrame(() => summary.current?.focus());
    });

  const onSend = () =>
    startTransition(async () => {
      const response = await sendBulkInvitationsAction(input());
      if (!response.ok) {
        setError(response.error);
        return;
      }
      setPlan(null);
      if (response.data) setResult({ ...response.data, message: response.message ?? '' });
      requestAnimationFrame(() => summary.current?.focus());
    });

  return (
    <div className="space-y-4">
      <div className="space-y-1">
        <label htmlFor={`${id}-text`} className="block text-sm font-medium text-slate-800">
          Emails, or CSV with the columns name, email, team, role
        </label>
        <textarea
          id={`${id}-text`}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            if (fileInput.current) fileInput.current.value = '';
            clear();
          }}
          rows={6}
          spellCheck={false}
          placeholder={
            'ada@example.com, grace@example.com\n\nor\n\nname,email,team,role\nAda Lovelace,ada@example.com,Platform,manager'
          }
          aria-describedby={`${id}-help`}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-xs shadow-sm"
        />
        <p id={`${id}-help`} className="text-xs text-slate-600">
          Up to 500 people. Lines without a team or role get the defaults below. Sending the same list again invites
          nobody twice.
        </p>
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <FilePick
          id={`${id}-file`}
          label="Or choose a CSV file"
          accept=".csv,.txt,text/csv,text/plain"
          maxBytes={100_000}
          tooLargeMessage={() => 'The file is larger than 100 kB; send at most 500 people at a time.'}
          onPick={clear}
          onText={setText}
          onRefused={setError}
          inputRef={fileInput}
        />
        <div className="space-y-1">
          <label htmlFor={`${id}-role`} className="block text-sm font-medium text-slate-800">
            Default role
          </label>
          <select
            id={`${id}-role`}
            value={defaultRole}
            onChange={(event) => {
              setDefaultRole(event.target.value);
              clear();
            }}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
          >
            <option value="member">Member</option>
            <option value="manager">Manager</option>
            <option value="admin">Admin</option>
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor={`${id}-team`} className="block text-sm font-medium text-slate-800">
            Default team
          </label>
          <select
            id={`${id}-team`}
            value={defaultTeamId}
            onChange={(event) => {
              setDefaultTeamId(event.target.value);
              clear();
            }}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
          >
            <option value="">No team</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="flex flex-wrap gap-3">
        <Button variant="secondary" onClick={onCheck} disabled={pending || text.trim() === ''}>
          {pending && !plan ? 'Checking…' : 'Check the list'}
        </Button>
      </div>

      <div aria-live="polite">
        {error ? (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {error} Nothing was sent.
          </p>
        ) : null}
      </div>

      {plan ? (
        <div className="space-y-3 border-t border-slate-200 pt-4">
          <h3 ref={summary} tabIndex={-1} className="font-semibold focus:outline-none">
            {plan.counts.invite} to invite · {plan.counts.error} with errors ·{' '}
            {plan.counts.member + plan.counts.pending} skipped
          </h3>
          <LineTable lines={plan.lines} caption="Every line of the list and what sending would do" />
          <div className="flex flex-wrap items-center gap-3">
            <Button onClick={onSend} disabled={pending || plan.counts.invite === 0}>
              {pending
                ? 'Sending…'
                : plan.counts.invite === 0
                  ? 'Nobody new to invite'
                  : `Send ${plan.counts.invite} ${plan.counts.invite === 1 ? 'invitation' : 'invitations'}`}
            </Button>
            {plan.counts.error > 0 ? (
              <p className="text-sm text-slate-700">
                Lines with errors are not sent. Fix them and send the list again: the others will not be invited twice.
              </p>
            ) : null}
          </div>
        </div>
      ) : null}

      {result ? (
        <div className="space-y-3 border-t border-slate-200 pt-4">
          <h3 ref={summary} tabIndex={-1} role="status" className="font-semibold focus:outline-none">
            {result.message}
          </h3>
          {result.sent.length > 0 ? (
            <>
              <p className="text-sm text-slate-700">
                Each person’s email is on its way (a mail that cannot be sent shows under Notifications). The links are
                shown only now: copy or download them to send them yourself as well.
              </p>
              <DataTable label="Invitation links, one per person" className="text-left text-sm">
                <thead className="bg-slate-50 text-slate-700">
                  <tr>
                    <th scope="col" className="px-3 py-2 font-medium">
                      Email
                    </th>
                    <th scope="col" className="px-3 py-2 font-medium">
                      Link
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {result.sent.map((row) => (
                    <tr key={row.email}>
                      <td className="px-3 py-2 break-all">{row.email}</td>
                      <td className="px-3 py-2">
                        <input
                          readOnly
                          value={row.link}
                          aria-label={`Invitation link for ${row.email}`}
                          onFocus={(event) => event.currentTarget.select()}
                          className="w-full min-w-48 rounded border border-slate-300 px-2 py-1 font-mono text-xs"
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </DataTable>
              <a
                href={`data:text/csv;charset=utf-8,${encodeURIComponent(linksCsv(result))}`}
                download="invitation-links.csv"
                className="inline-block text-sm font-medium text-brand-700 underline hover:text-brand-900"
              >
                Download the links as CSV
              </a>
            </>
          ) : null}
          {result.skipped.length > 0 ? <LineTable lines={result.skipped} caption="Lines not sent" /> : null}
        </div>
      ) : null}
    </div>
  );
}

function LineTable({ lines, caption }: { lines: BulkLine[]; caption: string }) {
  return (
    <DataTable label={caption} className="min-w-[44rem] text-left text-sm">
      <thead className="bg-slate-50 text-slate-700">
        <tr>
          <th scope="col" className="px-3 py-2 font-medium">
            Line
          </th>
          <th scope="col" className="px-3 py-2 font-medium">
            Email
          </th>
          <th scope="col" className="px-3 py-2 font-medium">
            Result
          </th>
          <th scope="col" className="px-3 py-2 font-medium">
            Name
          </th>
          <th scope="col" className="px-3 py-2 font-medium">
            Team
          </th>
          <th scope="col" className="px-3 py-2 font-medium">
            Role
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {lines.map((line) => (
          <tr key={`${line.line}-${line.email}`} data-status={line.status}>
            <td className="px-3 py-2 tabular-nums">{line.line}</td>
            <td className="px-3 py-2 break-all">{line.email || '—'}</td>
            <td className={`px-3 py-2 ${STATUS_STYLE[line.status]}`}>
              {STATUS_LABEL[line.status]}
              {line.message ? <span className="block text-xs font-normal">{line.message}</span> : null}
            </td>
            <td className="px-3 py-2 break-words">{line.name ?? '—'}</td>
            <td className="px-3 py-2 break-words">{line.teamName ?? '—'}</td>
            <td className="px-3 py-2 capitalize">{line.role ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
