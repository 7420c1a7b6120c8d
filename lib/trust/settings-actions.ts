'use server';

import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { skillNodes } from '@/db/schema';
import { defineAuditedAction } from '@/lib/actions/define-action';
import { checkboxSchema, loadTrustSettings, saveTrustSettings, trustSettingsSchema } from './settings';

/** Admins: endorsements on or off, and the months after which a rating is stale. */
export const saveTrustSettingsAction = defineAuditedAction({
  input: trustSettingsSchema,
  role: 'admin',
  audit: { events: ['organization.settings_changed'], target: 'organization' },
  write: async ({ input, tx, context }) => {
    const organizationId = context.organization.id;
    const before = await loadTrustSettings(tx, organizationId);
    if (
      before.endorsementsEnabled === input.endorsementsEnabled &&
      before.staleAfterMonths === input.staleAfterMonths
    ) {
      return { ok: true, message: 'Nothing changed.', audit: null };
    }
    await saveTrustSettings(tx, organizationId, input);
    return {
      ok: true,
      message: 'Settings saved.',
      audit: { targetId: organizationId, details: { before, after: input } },
    };
  },
  revalidate: ['/admin', '/me', '/teams', '/people'],
});

const requirementSchema = z.object({
  skillId: z.uuid('Pick a skill from the list.'),
  required: checkboxSchema,
});

/** Admins: mark a skill as "requires a valid certification" (or clear the mark). */
export const setSkillCertificationRequirementAction = defineAuditedAction({
  input: requirementSchema,
  role: 'admin',
  audit: { events: ['skill.certification_requirement_set'], target: 'skill' },
  write: async ({ input, tx, context }) => {
    const [skill] = await tx
      .update(skillNodes)
      .set({ requiresCertification: input.required })
      .where(
        and(
          eq(skillNodes.organizationId, context.organization.id),
          eq(skillNodes.id, input.skillId),
          eq(skillNodes.kind, 'skill'),
          isNull(skillNodes.archivedAt),
        ),
      )
      .returning({ id: skillNodes.id, name: skillNodes.name });
    if (!skill) return { ok: false, error: 'That skill was not found.' };
    return {
      ok: true,
      message: input.required
        ? `“${skill.name}” now counts only with a valid certification.`
        : `“${skill.name}” no longer requires a certification.`,
      audit: { targetId: skill.id, details: { name: skill.name, required: input.required } },
    };
  },
  revalidate: ['/admin', '/teams', '/people'],
});
