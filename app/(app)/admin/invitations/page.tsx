import type { Metadata } from 'next';
import { AutoApplyForm } from '@/components/ui/auto-apply-form';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db';
import { BulkInviteForm } from '@/components/invitations/bulk-invite-form';
import { CreateInvitationForm } from '@/components/invitations/create-invitation-form';
import { ResendInvitationButton } from '@/components/invitations/resend-invitation-button';
import { RevokeInvitationButton } from '@/components/invitations/revoke-invitation-button';
import { hasRole } from '@/lib/auth/authorize';
import { requireSession } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format/date';
import { requestLocale } from '@/lib/format/request-locale';
import { listInvitations, listTeamOptions } from '@/lib/invitations/queries';
import { INVITATION_STATUSES, type InvitationStatus } from '@/lib/invitations/status';
import { DataTable } from '@/components/ui/table';

export const metadata: Metadata = { title: 'Invitations' };

const searchSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  status: z
    .enum(INVITATION_STATUSES as [InvitationStatus, ...InvitationStatus[]])
    .optional()
    .catch(undefined),
  q: z.string().trim().max(254).optional().catch(undefined),
});

const STATUS_LABELS: Record<InvitationStatus, string> = {
  pending: 'Pending',
  accepted: 'Accepted',
  expired: 'Expired',
  revoked: 'Revoked',
};

const STATUS_STYLES: Record<InvitationStatus, string> = {
  pending: 'bg-brand-50 text-brand-900',
  accepted: 'bg-green-50 text-green-900',
  expired: 'bg-slate-100 text-slate-700',
  revoked: 'bg-red-50 text-red-800',
};

function hrefWith(params: { page?: number; status?: InvitationStatus; q?: string }): string {
  const search = new URLSearchParams();
  if (params.status) search.set('status', params.status);
  if (params.q) search.set('q', params.q);
  if (params.page && params.page > 1) search.set('page', String(params.page));
  const query = search.toString();
  return query ? `/admin/invitations?${query}` : '/admin/invitations';
}

export default async function InvitationsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const context = await requireSession();
  // Non-admins get the same answer as for a page that does not exist.
  if (!hasRole(context, 'admin')) notFound();
  const { page, status, q } = searchSchema.parse(await searchParams);
  const locale = await requestLocale();
  const db = await getDb();
  const organizationId = context.organization.id;
  const [list, teams] = await Promise.all([
    listInvitations(db, organizationId, { page, status, search: q }),
    listTeamOptions(db, organizationId),
  ]);
  const pageCount = Math.max(1, Math.ceil(list.total / list.pageSize));

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Invitations</h1>
        <p className="text-slate-600">
          Invite people to {context.organization.name}. Each link works once and expires after 7 days.
        </p>
      </div>

      <section
        aria-labelledby="new-invitation-heading"
        className="rounded-xl border border-slate-200 bg-white p-4 sm:p-6"
      >
        <h2 id="new-invitation-heading" className="mb-4 text-lg font-semibold">
          New invitation
        </h2>
        <CreateInvitationForm teams={teams} />
      </section>

      <section
        aria-labelledby="bulk-invitation-heading"
        className="rounded-xl border border-slate-200 bg-white p-4 sm:p-6"
      >
        <h2 id="bulk-invitation-heading" className="text-lg font-semibold">
          Invite many people
        </h2>
        <p className="mb-4 text-sm text-slate-600">
          Paste a list of emails, or a CSV with the columns name, email, team and role. Every line is checked before
          anything is sent.
        </p>
        <BulkInviteForm teams={teams} />
      </section>

      <section aria-labelledby="invitation-list-heading" className="space-y-4">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <h2 id="invitation-list-heading" className="text-lg font-semibold">
            All invitations
          </h2>
          <AutoApplyForm
            action="/admin/invitations"
            values={{ status, q }}
            submitLabel="Search"
            className="flex flex-wrap items-end gap-2"
            role="search"
          >
            {status ? <input type="hidden" name="status" value={status} /> : null}
            <label htmlFor="invitation-search" className="sr-only">
              Search by email
            </label>
            <input
              id="invitation-search"
              name="q"
              type="search"
              defaultValue={q ?? ''}
              placeholder="Search by email"
              maxLength={254}
              className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
            />
          </AutoApplyForm>
        </div>

        <nav aria-label="Filter by status">
          <ul className="flex flex-wrap gap-2 text-sm">
            {[undefined, ...INVITATION_STATUSES].map((value) => (
              <li key={value ?? 'all'}>
                <Link
                  href={hrefWith({ status: value, q })}
                  aria-current={value === status ? 'page' : undefined}
                  className={
                    value === status
                      ? 'block rounded-full bg-brand-600 px-3 py-1 font-medium text-white'
                      : 'block rounded-full border border-slate-300 px-3 py-1 text-slate-700 hover:bg-slate-100'
                  }
                >
                  {value ? STATUS_LABELS[value] : 'All'}
                </Link>
              </li>
            ))}
          </ul>
        </nav>

        {list.rows.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-slate-600">
            {q || status ? 'No invitations match these filters.' : 'No invitations yet. Invite someone above.'}
          </p>
        ) : (
          <DataTable label={`Invitations, newest first, page ${list.page} of ${pageCount}`} className="min-w-[48rem]">
            <thead>
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  Email
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Role
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Team
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Status
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Sent
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Expires
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((row) => (
                <tr key={row.id}>
                  <td className="px-4 py-2 wrap-anywhere">{row.email}</td>
                  <td className="px-4 py-2 capitalize">{row.role}</td>
                  <td className="px-4 py-2 wrap-anywhere">
                    {row.teamName ?? <span className="text-slate-500">—</span>}
                  </td>
                  <td className="px-4 py-2">
                    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLES[row.status]}`}>
                      {STATUS_LABELS[row.status]}
                    </span>
                  </td>
                  <td className="px-4 py-2 whitespace-nowrap">{formatDateTime(row.createdAt, locale)}</td>
                  <td className="px-4 py-2 whitespace-nowrap">{formatDateTime(row.expiresAt, locale)}</td>
                  <td className="px-4 py-2 text-right">
                    <div className="flex flex-wrap items-start justify-end gap-1">
                      {row.status === 'pending' || row.status === 'expired' ? (
                        <ResendInvitationButton invitationId={row.id} email={row.email} />
                      ) : null}
                      {row.status === 'pending' ? (
                        <RevokeInvitationButton invitationId={row.id} email={row.email} />
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}

        {pageCount > 1 ? (
          <nav aria-label="Pagination" className="flex items-center justify-between text-sm">
            {list.page > 1 ? (
              <Link
                href={hrefWith({ page: list.page - 1, status, q })}
                className="rounded-md px-3 py-1.5 text-brand-700 hover:bg-brand-50"
              >
                ← Previous
              </Link>
            ) : (
              <span />
            )}
            <span className="text-slate-600">
              Page {list.page} of {pageCount} · {list.total} invitations
            </span>
            {list.page < pageCount ? (
              <Link
                href={hrefWith({ page: list.page + 1, status, q })}
                className="rounded-md px-3 py-1.5 text-brand-700 hover:bg-brand-50"
              >
                Next →
              </Link>
            ) : (
              <span />
            )}
          </nav>
        ) : null}
      </section>
    </div>
  );
}
