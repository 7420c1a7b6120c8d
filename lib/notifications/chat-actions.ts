'use server';

import { getDb, type Db } from '@/db';
import { defineAuditedAction } from '@/lib/actions/define-action';
import { findTeamInOrganization, managesTeam, type Actor } from '@/lib/auth/authorize';
import { notFoundError } from '@/lib/auth/errors';
import {
  checkChatUrl,
  removeTeamChatWebhook,
  saveTeamChatWebhook,
  setChatWebhookSchema,
  teamTargetSchema,
} from './chat-webhook';

const RULE = 'manages the team (admins manage every team)';

/** Another team's manager learns nothing more than "not found". */
async function requireManagesTeam(db: Db, actor: Actor, teamId: string): Promise<void> {
  const team = await findTeamInOrganization(db, actor, teamId);
  if (!(await managesTeam(db, actor, team.id))) throw notFoundError('Team');
}

const pages = (input: { teamId: string }) => [`/teams/${input.teamId}/settings`];

/** Sets (or replaces) the team's Slack/Teams channel for the weekly digest. */
export const setTeamChatWebhookAction = defineAuditedAction({
  input: setChatWebhookSchema,
  role: 'manager',
  authorize: { rule: RULE, check: ({ input, db, context }) => requireManagesTeam(db, context, input.teamId) },
  audit: { events: ['team.chat_webhook_set', 'team.chat_webhook_changed'], target: 'team' },
  // The DNS check runs outside the transaction, and only for the team's own managers: nobody else can use it
  // to probe which names resolve where (the finer check runs here first, then again in the transaction).
  prepare: async ({ input, context }) => {
    await requireManagesTeam(await getDb(), context, input.teamId);
    const checked = await checkChatUrl(input.url, input.provider);
    return checked.ok
      ? { ok: true, value: checked.url }
      : { ok: false, error: checked.error, fieldErrors: { url: [checked.error] } };
  },
  revalidate: pages,
  write: ({ input, tx, context, prepared }) =>
    saveTeamChatWebhook(
      tx,
      { organizationId: context.organization.id, membershipId: context.membership.id },
      { teamId: input.teamId, provider: input.provider, url: prepared },
    ),
});

export const removeTeamChatWebhookAction = defineAuditedAction({
  input: teamTargetSchema,
  role: 'manager',
  authorize: { rule: RULE, check: ({ input, db, context }) => requireManagesTeam(db, context, input.teamId) },
  audit: { events: ['team.chat_webhook_removed'], target: 'team' },
  revalidate: pages,
  write: ({ input, tx, context }) => removeTeamChatWebhook(tx, context.organization.id, input.teamId),
});
