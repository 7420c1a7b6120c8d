import type { Metadata } from 'next';
import { AutoApplyForm } from '@/components/ui/auto-apply-form';
import Link from 'next/link';
import { ActionButtonForm } from '@/components/admin/action-button-form';
import { EraseMemberForm } from '@/components/admin/erase-member-form';
import { MemberRoleForm } from '@/components/admin/member-role-form';
import { Pagination } from '@/components/ui/pagination';
import { Select } from '@/components/ui/select';
import { DataTable } from '@/components/ui/table';
import { TextField } from '@/components/ui/text-field';
import { getDb } from '@/db';
import { deactivateMemberAction, reactivateMemberAction } from '@/lib/members/actions';
import { requireAdminPage } from '@/lib/members/admin-page';
import { listMembers, memberListParamsSchema } from '@/lib/members/queries';
import { formatDate } from '@/lib/format/date';
import { requestLocale } from '@/lib/format/request-locale';

export const metadata: Metadata = { title: 'Members' };

export default async function MembersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const locale = await requestLocale();
  const context = await requireAdminPage();
  const params = memberListParamsSchema.parse(await searchParams);
  const list = await listMembers(await getDb(), context.organization.id, params);
  const filtered = Boolean(params.q || params.role || params.status);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Members</h1>
        <p className="text-slate-600">
          Change roles and deactivate people who have left. Deactivated members cannot sign in; their ratings are kept.
        </p>
      </div>

      <search>
        <AutoApplyForm
          action="/admin/members"
          values={{ q: params.q, role: params.role, status: params.status }}
          submitLabel="Search"
          className="flex flex-wrap items-end gap-3"
        >
          <div className="min-w-56 flex-1">
            <TextField label="Search name or email" name="q" type="search" defaultValue={params.q} maxLength={100} />
          </div>
          <Select
            label="Role"
            name="role"
            defaultValue={params.role ?? ''}
            options={[
              { value: '', label: 'Any role' },
              { value: 'member', label: 'Member' },
              { value: 'manager', label: 'Manager' },
              { value: 'admin', label: 'Admin' },
            ]}
          />
          <Select
            label="Status"
            name="status"
            defaultValue={params.status ?? ''}
            options={[
              { value: '', label: 'Any status' },
              { value: 'active', label: 'Active' },
              { value: 'deactivated', label: 'Deactivated' },
            ]}
          />
          {filtered ? (
            <Link href="/admin/members" className="px-2 py-2 text-sm text-brand-700 underline">
              Clear filters
            </Link>
          ) : null}
        </AutoApplyForm>
      </search>

      {list.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          {filtered ? 'No members match these filters.' : 'This organization has no members yet.'}
        </p>
      ) : (
        <DataTable label={`Members of ${context.organization.name}`} className="min-w-[44rem]">
          <thead>
            <tr>
              <th scope="col" className="px-4 py-3 font-medium">
                Name
              </th>
              <th scope="col" className="px-4 py-3 font-medium">
                Role
              </th>
              <th scope="col" className="px-4 py-3 font-medium">
                Status
              </th>
              <th scope="col" className="px-4 py-3 font-medium">
                Teams
              </th>
              <th scope="col" className="px-4 py-3 font-medium">
                Joined
              </th>
              <th scope="col" className="px-4 py-3 font-medium">
                <span className="sr-only">Access</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((row) => {
              const isSelf = row.membershipId === context.membership.id;
              return (
                <tr key={row.membershipId} className={row.status === 'deactivated' ? 'bg-slate-50' : undefined}>
                  <th scope="row" className="px-4 py-3 text-left align-top font-normal">
                    <span className="font-medium text-slate-900">
                      {row.name}
                      {isSelf ? <span className="text-slate-500"> (you)</span> : null}
                    </span>
                    <span className="block text-slate-600 wrap-anywhere">{row.email}</span>
                  </th>
                  <td className="px-4 py-3 align-top">
                    <MemberRoleForm
                      membershipId={row.membershipId}
                      memberName={row.name}
                      role={row.role}
                      managedTeams={row.managedTeams}
                    />
                  </td>
                  <td className="px-4 py-3 align-top">
                    {row.status === 'active' ? (
                      <span className="rounded-full bg-green-50 px-2 py-0.5 text-green-800">Active</span>
                    ) : (
                      <span className="rounded-full bg-slate-200 px-2 py-0.5 text-slate-800">
                        Deactivated
                        {row.deactivatedAt ? ` ${formatDate(row.deactivatedAt, locale)}` : null}
                      </span>
                    )}
                  </td>
                  <td className="px-4 py-3 align-top">
                    {row.teams.length ? (
                      <ul className="space-y-0.5">
                        {row.teams.map((team) => (
                          <li key={team.id}>
                            <Link href={`/admin/teams/${team.id}`} className="text-brand-700 underline">
                              {team.name}
                            </Link>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="text-slate-500">No team</span>
                    )}
                  </td>
                  <td className="px-4 py-3 align-top whitespace-nowrap text-slate-700">
                    <time dateTime={row.joinedAt.toISOString()}>{formatDate(row.joinedAt, locale)}</time>
                  </td>
                  <td className="px-4 py-3 align-top">
                    {row.status === 'active' ? (
                      <ActionButtonForm
                        action={deactivateMemberAction}
                        fields={{ membershipId: row.membershipId }}
                        label="Deactivate"
                        pendingLabel="Deactivating…"
                        ariaLabel={`Deactivate ${row.name}`}
                        confirm={{
                          question: isSelf
                            ? 'Deactivate your own account? You will be signed out.'
                            : `Deactivate ${row.name}? They will no longer be able to sign in.`,
                          confirmLabel: 'Deactivate',
                        }}
                      />
                    ) : (
                      <ActionButtonForm
                        action={reactivateMemberAction}
                        fields={{ membershipId: row.membershipId }}
                        label="Reactivate"
                        pendingLabel="Reactivating…"
                        ariaLabel={`Reactivate ${row.name}`}
                      />
                    )}
                    {isSelf ? null : <EraseMemberForm membershipId={row.membershipId} name={row.name} />}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </DataTable>
      )}

      <Pagination
        basePath="/admin/members"
        params={{ q: params.q, role: params.role, status: params.status }}
        page={params.page}
        pageSize={list.pageSize}
        total={list.total}
        noun="members"
      />
    </div>
  );
}
