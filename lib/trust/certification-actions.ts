'use server';

import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { certifications, certificationSkills, skillNodes } from '@/db/schema';
import { defineAuditedAction } from '@/lib/actions/define-action';
import { certificationInputSchema } from './certification-input';

/**
 * A member records one of their own certifications (by link; no file uploads)
 * and links it to skills. Bad dates or links are refused by the schema before
 * anything is written (lib/trust/certification-input.ts).
 */
export const addCertificationAction = defineAuditedAction({
  input: certificationInputSchema,
  role: 'member',
  audit: { events: ['certification.added'], target: 'certification' },
  write: async ({ input, tx, context }) => {
    const organizationId = context.organization.id;
    if (input.skillIds.length > 0) {
      const found = await tx
        .select({ id: skillNodes.id })
        .from(skillNodes)
        .where(
          and(
            eq(skillNodes.organizationId, organizationId),
            inArray(skillNodes.id, input.skillIds),
            eq(skillNodes.kind, 'skill'),
            isNull(skillNodes.archivedAt),
          ),
        );
      if (found.length !== input.skillIds.length) {
        return {
          ok: false,
          error: 'One of the linked skills was not found. Pick skills from the list.',
          fieldErrors: { skillIds: ['One of the linked skills was not found.'] },
        };
      }
    }
    const [created] = await tx
      .insert(certifications)
      .values({
        organizationId,
        membershipId: context.membership.id,
        name: input.name,
        issuer: input.issuer,
        issuedOn: input.issuedOn,
        expiresOn: input.expiresOn ?? null,
        credentialUrl: input.credentialUrl ?? null,
      })
      .returning({ id: certifications.id });
    if (!created) throw new Error('insert returned nothing');
    if (input.skillIds.length > 0) {
      await tx
        .insert(certificationSkills)
        .values(input.skillIds.map((skillId) => ({ organizationId, certificationId: created.id, skillId })));
    }
    return {
      ok: true,
      data: { certificationId: created.id },
      message: `“${input.name}” recorded.`,
      audit: {
        targetId: created.id,
        details: {
          name: input.name,
          issuer: input.issuer,
          expiresOn: input.expiresOn ?? null,
          skills: input.skillIds.length,
        },
      },
    };
  },
  revalidate: ['/me', '/teams', '/people'],
});

const deleteSchema = z.object({ certificationId: z.uuid('Unknown certification.') });

/** A member removes one of their own certifications; anyone else's id is "not found". */
export const deleteCertificationAction = defineAuditedAction({
  input: deleteSchema,
  role: 'member',
  audit: { events: ['certification.deleted'], target: 'certification' },
  write: async ({ input, tx, context }) => {
    const [removed] = await tx
      .delete(certifications)
      .where(
        and(
          eq(certifications.organizationId, context.organization.id),
          eq(certifications.id, input.certificationId),
          eq(certifications.membershipId, context.membership.id),
        ),
      )
      .returning({ id: certifications.id, name: certifications.name });
    if (!removed) return { ok: false, error: 'That certification was not found.' };
    return {
      ok: true,
      message: `“${removed.name}” removed.`,
      audit: { targetId: removed.id, details: { name: removed.name } },
    };
  },
  revalidate: ['/me', '/teams', '/people'],
});
