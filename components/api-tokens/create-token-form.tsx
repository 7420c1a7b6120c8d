'use client';

import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import { TextField } from '@/components/ui/text-field';
import { useActionForm } from '@/components/ui/use-action-form';
import { createOrganizationTokenAction, createPersonalTokenAction } from '@/lib/api/actions';
import { scopeFieldName } from '@/lib/api/token-schemas';
import { API_SCOPES, ORGANIZATION_EXPIRY_DAYS, ORGANIZATION_SCOPES, PERSONAL_EXPIRY_DAYS } from '@/lib/api/scopes';
import { CopyOnce } from '@/components/ui/copy-once';

const expiryLabel = (days: number | null) => (days === null ? 'Never' : `In ${days} days`);

/**
 * Creates a token: an organization token with chosen scopes (admins), or a
 * personal token for the member's own ratings. The secret of the token just
 * made is shown once below the form.
 */
export function CreateTokenForm({ kind }: { kind: 'organization' | 'personal' }) {
  const { state, pending, fieldErrors, formProps } = useActionForm(
    kind === 'organization' ? createOrganizationTokenAction : createPersonalTokenAction,
    { resetOnSuccess: true },
  );
  const expiries: readonly (number | null)[] =
    kind === 'organization' ? ORGANIZATION_EXPIRY_DAYS : PERSONAL_EXPIRY_DAYS;
  const created = state?.ok ? state.data : undefined;
  return (
    <div className="space-y-4">
      <form {...formProps} className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-[2fr_1fr] sm:items-start">
          <TextField
            label="Name"
            name="name"
            required
            maxLength={100}
            autoComplete="off"
            placeholder={kind === 'organization' ? 'e.g. BI dashboard' : 'e.g. My laptop CLI'}
            errors={fieldErrors?.name}
          />
          <Select
            label="Expires"
            name="expiresInDays"
            defaultValue="90"
            options={expiries.map((days) => ({ value: String(days ?? 'never'), label: expiryLabel(days) }))}
            errors={fieldErrors?.expiresInDays}
          />
        </div>
        {kind === 'organization' ? (
          <fieldset
            className="space-y-2"
            aria-describedby={fieldErrors?.scopes ? 'field-scopes-error' : 'field-scopes-hint'}
          >
            <legend className="text-sm font-medium text-slate-800">Scopes</legend>
            <p id="field-scopes-hint" className="text-sm text-slate-600">
              Give a token only what its program needs. A token reads what an admin sees, within its scopes.
            </p>
            <ul className="grid gap-2 sm:grid-cols-2">
              {ORGANIZATION_SCOPES.map((scope) => (
                <li key={scope}>
                  <label className="flex items-start gap-2 rounded-md border border-slate-200 bg-white p-2 text-sm">
                    <input
                      type="checkbox"
                      name={scopeFieldName(scope)}
                      className="mt-1"
                      // Marked so that focus lands on the first scope after a refusal, and its message is read.
                      aria-invalid={fieldErrors?.scopes ? true : undefined}
                      aria-describedby={fieldErrors?.scopes ? 'field-scopes-error' : undefined}
                    />
                    <span>
                      <span className="font-medium">{API_SCOPES[scope].label}</span>{' '}
                      <code className="font-mono text-xs text-slate-600">{scope}</code>
                      <span className="block text-slate-600">{API_SCOPES[scope].description}</span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
            {fieldErrors?.scopes ? (
              <p id="field-scopes-error" className="text-sm text-red-700">
                {fieldErrors.scopes.join(' ')}
              </p>
            ) : null}
          </fieldset>
        ) : (
          <p className="text-sm text-slate-600">
            A personal token can read and change <strong>your own ratings</strong> and nothing else (scope{' '}
            <code className="font-mono text-xs">ratings:self</code>).
          </p>
        )}
        <Button type="submit" disabled={pending}>
          {pending ? 'Creating…' : 'Create token'}
        </Button>
      </form>
      <div aria-live="polite" className="space-y-3">
        {state && !state.ok ? (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {state.error}
          </p>
        ) : null}
        {state?.ok && state.message ? (
          <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-900">{state.message}</p>
        ) : null}
        {created ? (
          <CopyOnce
            key={created.id}
            value={created.secret}
            what="secret"
            label={`Secret of “${created.name}” — copy it now, it will not be shown again`}
            hint={
              <>
                Send it as <code className="font-mono">Authorization: Bearer …</code>. Keep it like a password.
              </>
            }
          />
        ) : null}
      </div>
    </div>
  );
}
