import type { Metadata } from 'next';
import Link from 'next/link';
import { ProfileForm } from '@/components/roles/profile-form';
import { getDb } from '@/db';
import { requireAdminPage } from '@/lib/members/admin-page';
import { listRoleProfiles } from '@/lib/roles/queries';
import { DataTable } from '@/components/ui/table';

export const metadata: Metadata = { title: 'Role profiles' };

export default async function RoleProfilesPage() {
  const context = await requireAdminPage();
  const profiles = await listRoleProfiles(await getDb(), context.organization.id);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Role profiles</h1>
        <p className="text-slate-600">
          A role profile (“DevOps Engineer II”) sets the level a member is expected to reach. A level set on an area,
          section or group applies to every skill under it unless a lower node overrides it.
        </p>
      </div>

      <section aria-labelledby="create-profile-heading" className="rounded-xl border border-slate-200 bg-white p-6">
        <h2 id="create-profile-heading" className="mb-3 text-lg font-semibold">
          Create a role profile
        </h2>
        <ProfileForm />
      </section>

      <section aria-labelledby="profiles-heading" className="space-y-4">
        <h2 id="profiles-heading" className="text-lg font-semibold">
          All role profiles
        </h2>
        {profiles.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
            No role profiles yet. Create the first one above.
          </p>
        ) : (
          <DataTable label={`Role profiles of ${context.organization.name}`} className="min-w-[36rem]">
            <thead>
              <tr>
                <th scope="col" className="px-4 py-3 font-medium">
                  Profile
                </th>
                <th scope="col" className="px-4 py-3 font-medium">
                  Description
                </th>
                <th scope="col" className="px-4 py-3 text-right font-medium">
                  Members
                </th>
                <th scope="col" className="px-4 py-3 text-right font-medium">
                  Targets
                </th>
              </tr>
            </thead>
            <tbody>
              {profiles.map((profile) => (
                <tr key={profile.id}>
                  <th scope="row" className="px-4 py-3 text-left font-medium">
                    <Link href={`/admin/roles/${profile.id}`} className="text-brand-700 underline">
                      {profile.name}
                    </Link>
                  </th>
                  <td className="px-4 py-3 text-slate-700 wrap-anywhere">{profile.description ?? '—'}</td>
                  <td className="px-4 py-3 text-right tabular-nums">{profile.memberCount}</td>
                  <td className="px-4 py-3 text-right tabular-nums">{profile.targetCount}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
      </section>
    </div>
  );
}
