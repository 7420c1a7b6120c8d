import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionButtonForm } from '@/components/admin/action-button-form';
import { FindMembersForm } from '@/components/admin/find-members-form';
import { MemberLine } from '@/components/admin/member-line';
import { PickPersonForm } from '@/components/admin/pick-person-form';
import { TeamNameForm } from '@/components/admin/team-name-form';
import { Pagination } from '@/components/ui/pagination';
import { getDb } from '@/db';
import { findTeamInOrganization } from '@/lib/auth/authorize';
import { orNotFound, parseParamOrNotFound } from '@/lib/auth/page-access';
import { requireAdminPage } from '@/lib/members/admin-page';
import {
  addTeamMemberAction,
  assignTeamManagerAction,
  deleteTeamAction,
  removeTeamMemberAction,
  unassignTeamManagerAction,
} from '@/lib/teams/actions';
import {
  countTeamCycles,
  findManagerCandidates,
  findMemberCandidates,
  listTeamManagers,
  listTeamMembers,
  teamDetailParamsSchema,
  CANDIDATE_LIMIT,
} from '@/lib/teams/queries';
import { teamIdSchema } from '@/lib/teams/schemas';

export const metadata: Metadata = { title: 'Team' };

export default async function TeamAdminPage({
  params,
  searchParams,
}: {
  params: Promise<{ teamId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const context = await requireAdminPage();
  const teamId = parseParamOrNotFound(teamIdSchema, (await params).teamId);
  const db = await getDb();
  const team = await orNotFound(findTeamInOrganization(db, context, teamId));
  const query = teamDetailParamsSchema.parse(await searchParams);
  const organizationId = context.organization.id;
  const [members, managers, memberCandidates, managerCandidates, cycles] = await Promise.all([
    listTeamMembers(db, organizationId, team.id, query.page),
    listTeamManagers(db, organizationId, team.id),
    findMemberCandidates(db, organizationId, team.id, query.find),
    findManagerCandidates(db, organizationId, team.id),
    countTeamCycles(db, organizationId, team.id),
  ]);
  const basePath = `/admin/teams/${team.id}`;

  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm">
          <Link href="/admin/teams" className="text-brand-700 underline">
            Teams
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">{team.name}</h1>
      </div>

      <section aria-labelledby="managers-heading" className="space-y-3 rounded-xl border border-slate-200 bg-white p-6">
        <h2 id="managers-heading" className="text-lg font-semibold">
          Managers
        </h2>
        <p className="text-sm text-slate-600">
          Managers see each member of this team. Only people with the manager or admin role can be chosen; change a role
          on the Members page first.
        </p>
        {managers.length ? (
          <ul className="divide-y divide-slate-100">
            {managers.map((manager) => (
              <MemberLine key={manager.membershipId} member={manager}>
                <ActionButtonForm
                  action={unassignTeamManagerAction}
                  fields={{ teamId: team.id, membershipId: manager.membershipId }}
                  label="Remove"
                  pendingLabel="Removing…"
                  ariaLabel={`Remove ${manager.name} as manager`}
                  confirm={{ question: `Stop ${manager.name} managing ${team.name}?`, confirmLabel: 'Remove manager' }}
                />
              </MemberLine>
            ))}
          </ul>
        ) : (
          <p className="text-amber-800">This team has no manager yet.</p>
        )}
        {managerCandidates.length ? (
          <PickPersonForm
            action={assignTeamManagerAction}
            fields={{ teamId: team.id }}
            options={personOptions(managerCandidates)}
            label="Add a manager"
            submitLabel="Assign manager"
            id="manager-candidate"
          />
        ) : (
          <p className="text-sm text-slate-600">Every active manager and admin already manages this team.</p>
        )}
      </section>

      <section aria-labelledby="members-heading" className="space-y-4 rounded-xl border border-slate-200 bg-white p-6">
        <h2 id="members-heading" className="text-lg font-semibold">
          Members
        </h2>

        <div className="space-y-3 rounded-lg bg-slate-50 p-4">
          <FindMembersForm action={basePath} label="Find people to add (name or email)" find={query.find} />
          {memberCandidates.length ? (
            <>
              <PickPersonForm
                action={addTeamMemberAction}
                fields={{ teamId: team.id }}
                options={personOptions(memberCandidates)}
                label="Person to add"
                submitLabel="Add to team"
                id="member-candidate"
              />
              {memberCandidates.length === CANDIDATE_LIMIT ? (
                <p className="text-xs text-slate-600">
                  Showing the first {CANDIDATE_LIMIT} matches; search to narrow the list.
                </p>
              ) : null}
            </>
          ) : (
            <p className="text-sm text-slate-600">
              {query.find
                ? 'No active member outside this team matches.'
                : 'Every active member is already on this team.'}
            </p>
          )}
        </div>

        {members.rows.length ? (
          <ul className="divide-y divide-slate-100">
            {members.rows.map((member) => (
              <MemberLine key={member.membershipId} member={member}>
                <ActionButtonForm
                  action={removeTeamMemberAction}
                  fields={{ teamId: team.id, membershipId: member.membershipId }}
                  label="Remove"
                  pendingLabel="Removing…"
                  ariaLabel={`Remove ${member.name} from ${team.name}`}
                  confirm={{
                    question: `Remove ${member.name} from ${team.name}? Their ratings are kept.`,
                    confirmLabel: 'Remove',
                  }}
                />
              </MemberLine>
            ))}
          </ul>
        ) : (
          <p className="text-slate-600">Nobody is on this team yet.</p>
        )}
        <Pagination
          basePath={basePath}
          params={{ find: query.find }}
          page={members.page}
          pageSize={members.pageSize}
          total={members.total}
          noun="team members"
        />
      </section>

      <section aria-labelledby="settings-heading" className="space-y-4 rounded-xl border border-slate-200 bg-white p-6">
        <h2 id="settings-heading" className="text-lg font-semibold">
          Team settings
        </h2>
        <TeamNameForm team={{ id: team.id, name: team.name }} />
        <div className="space-y-2 border-t border-slate-200 pt-4">
          <h3 className="font-medium">Delete team</h3>
          {cycles > 0 ? (
            <p className="text-sm text-slate-700">
              This team has {cycles} assessment cycle{cycles === 1 ? '' : 's'} holding ratings, so it cannot be deleted.
              Rename it instead.
            </p>
          ) : (
            <>
              <p className="text-sm text-slate-700">
                Members and managers are removed from the team; people and their ratings stay.
              </p>
              <ActionButtonForm
                action={deleteTeamAction}
                fields={{ teamId: team.id }}
                label="Delete team"
                pendingLabel="Deleting…"
                variant="danger"
                successHref="/admin/teams"
                confirm={{ question: `Delete ${team.name} permanently?`, confirmLabel: 'Delete team' }}
              />
            </>
          )}
        </div>
      </section>
    </div>
  );
}

/** A candidate as the pickers show them: name, email and role. */
function personOptions(people: readonly { membershipId: string; name: string; email: string; role: string }[]) {
  return people.map((person) => ({
    value: person.membershipId,
    label: `${person.name} — ${person.email} (${person.role})`,
  }));
}
