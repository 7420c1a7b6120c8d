'use client';

import { useActionState, useId } from 'react';
import type { OrganizationChoice } from '@/lib/auth/session';
import { switchOrganizationAction } from '@/lib/organizations/actions';

/** Lists the user's organizations; the server re-checks the membership before switching. */
export function OrganizationSwitcher({
  organizations,
  activeOrganizationId,
}: {
  organizations: OrganizationChoice[];
  activeOrganizationId: string;
}) {
  const [state, formAction, pending] = useActionState(switchOrganizationAction, null);
  const selectId = useId();
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2 text-sm">
      <label htmlFor={selectId} className="sr-only">
        Organization
      </label>
      <select
        id={selectId}
        name="organizationId"
        defaultValue={activeOrganizationId}
        className="max-w-[14rem] rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
      >
        {organizations.map((organization) => (
          <option key={organization.organizationId} value={organization.organizationId}>
            {organization.name} ({organization.role})
          </option>
        ))}
      </select>
      <button
        type="submit"
        disabled={pending}
        className="rounded-md border border-slate-300 px-3 py-1.5 text-slate-800 hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-60"
      >
        {pending ? 'Switching…' : 'Switch'}
      </button>
      <span aria-live="polite" className="text-red-700">
        {state && !state.ok ? state.error : null}
      </span>
    </form>
  );
}
