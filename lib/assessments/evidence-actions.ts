'use server';

import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import type { EvidenceLink } from './evidence';
import { evidenceLinksSchema } from './evidence';
import { saveOwnEvidence } from './evidence-save';

const saveEvidenceSchema = z.object({
  cycleId: z.uuid('Unknown assessment cycle.'),
  skillId: z.uuid('Unknown skill.'),
  links: evidenceLinksSchema,
});

/** The whole list of a rating's links, replaced at once (the form adds and removes locally, then saves). */
export const saveEvidenceAction = defineAction<typeof saveEvidenceSchema, { links: EvidenceLink[] }>({
  input: saveEvidenceSchema,
  role: 'member',
  run: async ({ input, db, context }) =>
    saveOwnEvidence(db, { organizationId: context.organization.id, membershipId: context.membership.id }, input),
});
