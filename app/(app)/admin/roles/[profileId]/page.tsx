import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { ActionButtonForm } from '@/components/admin/action-button-form';
import { FindMembersForm } from '@/components/admin/find-members-form';
import { MemberLine } from '@/components/admin/member-line';
import { PickPersonForm } from '@/components/admin/pick-person-form';
import { FrameworkPicker } from '@/components/roles/framework-picker';
import { ProfileForm } from '@/components/roles/profile-form';
import { TargetTree } from '@/components/roles/target-tree';
import { Pagination } from '@/components/ui/pagination';
import { getDb } from '@/db';
import { requireAdminPage } from '@/lib/members/admin-page';
import {
  assignRoleProfileAction,
  deleteRoleProfileAction,
  setRoleProfileTargetAction,
  unassignRoleProfileAction,
} from '@/lib/roles/actions';
import {
  ASSIGNED_PAGE_SIZE,
  CANDIDATE_LIMIT,
  findProfileCandidates,
  findRoleProfile,
  listAssignedMembers,
  listLiveFrameworks,
  loadFrameworkTree,
  profileTargets,
} from '@/lib/roles/queries';
import { profileIdSchema } from '@/lib/roles/schemas';

export const metadata: Metadata = { title: 'Role profile' };

const querySchema = z.object({
  framework: z.guid().optional().catch(undefined),
  /** The section whose skills the target tree shows (components/roles/target-tree.tsx: rendered on demand). */
  section: z.guid().optional().catch(undefined),
  find: z
    .string()
    .trim()
    .max(100)
    .optional()
    .catch(undefined)
    .transform((value) => value ?? ''),
  page: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .optional()
    .catch(1)
    .transform((value) => value ?? 1),
});

export default async function RoleProfilePage({
  params,
  searchParams,
}: {
  params: Promise<{ profileId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const context = await requireAdminPage();
  const parsedId = profileIdSchema.safeParse((await params).profileId);
  if (!parsedId.success) notFound();
  const db = await getDb();
  const organizationId = context.organization.id;
  // Side by side: one round trip for the two statements everything else depends on.
  const [profile, frameworks] = await Promise.all([
    findRoleProfile(db, organizationId, parsedId.data),
    listLiveFrameworks(db, organizationId),
  ]);
  if (!profile) notFound();
  const query = querySchema.parse(await searchParams);
  const framework = frameworks.find((item) => item.id === query.framework) ?? frameworks[0];
  const [nodes, targets, assigned, candidates] = await Promise.all([
    framework ? loadFrameworkTree(db, organizationId, framework.id) : Promise.resolve([]),
    profileTargets(db, organizationId, profile.id),
    listAssignedMembers(db, organizationId, profile.id, query.page),
    findProfileCandidates(db, organizationId, profile.id, query.find),
  ]);
  const basePath = `/admin/roles/${profile.id}`;
  const openSection = query.section && nodes.some((node) => node.id === query.section) ? query.section : null;
  const treeHref = (section: string | null) => {
    const search = new URLSearchParams();
    if (framework && frameworks.length > 1) search.set('framework', framework.id);
    if (query.find) search.set('find', query.find);
    if (query.page > 1) search.set('page', String(query.page));
    if (section) search.set('section', section);
    const text = search.toString();
    return text ? `${basePath}?${text}` : basePath;
  };

  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm">
          <Link href="/admin/roles" className="text-brand-700 underline">
            Role profiles
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">{profile.name}</h1>
        {profile.description ? <p className="text-slate-600">{profile.description}</p> : null}
      </div>

      <section aria-labelledby="targets-heading" className="space-y-3">
        <h2 id="targets-heading" className="text-lg font-semibold">
          Targets
        </h2>
        <p className="text-sm text-slate-600">
          Choose a level on any node; it applies to every skill under it unless a lower node sets its own. “—” means no
          target of its own; the level it inherits is shown beside the name. Open a section to set its skills.
        </p>
        {framework ? (
          <>
            {frameworks.length > 1 ? (
              <FrameworkPicker basePath={basePath} frameworks={frameworks} current={framework.id} />
            ) : null}
            <TargetTree
              nodes={nodes}
              targets={targets}
              action={setRoleProfileTargetAction}
              fields={{ profileId: profile.id }}
              onDemand={{ open: openSection, href: treeHref }}
            />
          </>
        ) : (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
            This organization has no framework yet. Import one first.
          </p>
        )}
      </section>

      <section aria-labelledby="members-heading" className="space-y-4 rounded-xl border border-slate-200 bg-white p-6">
        <h2 id="members-heading" className="text-lg font-semibold">
          Members with this profile ({assigned.total})
        </h2>
        <div className="space-y-3 rounded-lg bg-slate-50 p-4">
          <FindMembersForm action={basePath} label="Find members to assign (name or email)" find={query.find}>
            {framework ? <input type="hidden" name="framework" value={framework.id} /> : null}
            {openSection ? <input type="hidden" name="section" value={openSection} /> : null}
          </FindMembersForm>
          {candidates.length ? (
            <>
              <PickPersonForm
                action={assignRoleProfileAction}
                fields={{ profileId: profile.id }}
                options={candidates.map((person) => ({
                  value: person.membershipId,
                  label: `${person.name} — ${person.email}${person.profileName ? ` (now: ${person.profileName})` : ''}`,
                }))}
                label="Member to assign"
                submitLabel="Assign profile"
                id="profile-member-candidate"
              />
              <p className="text-xs text-slate-600">
                A member has one profile: assigning moves them from their current one.
                {candidates.length === CANDIDATE_LIMIT
                  ? ` Showing the first ${CANDIDATE_LIMIT} matches; search to narrow the list.`
                  : ''}
              </p>
            </>
          ) : (
            <p className="text-sm text-slate-600">
              {query.find
                ? 'No active member without this profile matches.'
                : 'Every active member already has this profile.'}
            </p>
          )}
        </div>
        {assigned.rows.length ? (
          <ul className="divide-y divide-slate-100">
            {assigned.rows.map((member) => (
              <MemberLine key={member.membershipId} member={member}>
                <ActionButtonForm
                  action={unassignRoleProfileAction}
                  fields={{ membershipId: member.membershipId }}
                  label="Remove"
                  pendingLabel="Removing…"
                  ariaLabel={`Remove ${member.name} from ${profile.name}`}
                />
              </MemberLine>
            ))}
          </ul>
        ) : (
          <p className="text-slate-600">Nobody has this profile yet.</p>
        )}
        <Pagination
          basePath={basePath}
          params={{ find: query.find, framework: framework?.id, section: openSection ?? undefined }}
          page={query.page}
          pageSize={ASSIGNED_PAGE_SIZE}
          total={assigned.total}
          noun="members"
        />
      </section>

      <section aria-labelledby="settings-heading" className="space-y-4 rounded-xl border border-slate-200 bg-white p-6">
        <h2 id="settings-heading" className="text-lg font-semibold">
          Profile settings
        </h2>
        <ProfileForm profile={{ id: profile.id, name: profile.name, description: profile.description }} />
        <div className="space-y-2 border-t border-slate-200 pt-4">
          <h3 className="font-medium">Delete profile</h3>
          <p className="text-sm text-slate-700">
            Its targets are deleted and {assigned.total} member{assigned.total === 1 ? '' : 's'} lose the profile;
            ratings stay.
          </p>
          <ActionButtonForm
            action={deleteRoleProfileAction}
            fields={{ profileId: profile.id }}
            label="Delete profile"
            pendingLabel="Deleting…"
            variant="danger"
            successHref="/admin/roles"
            confirm={{ question: `Delete ${profile.name} permanently?`, confirmLabel: 'Delete profile' }}
          />
        </div>
      </section>
    </div>
  );
}
