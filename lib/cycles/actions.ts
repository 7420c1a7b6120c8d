'use server';

import { z } from 'zod';
import { defineAuditedAction } from '@/lib/actions/define-action';
import { NO_NUL, NO_NUL_MESSAGE } from '@/lib/validation/text';
import { closeCycle, openCycle, reopenCycle } from './manage-cycles';

// The ISO shape lets year 0 through, which PostgreSQL's date refuses (the insert would fail: a 500).
const isoDate = z.iso
  .date('Use a date like 2026-10-01.')
  .refine((day) => day >= '1970-01-01', 'Use a date like 2026-10-01.');

const openCycleSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'Give the cycle a name.')
      .max(100, 'At most 100 characters.')
      .regex(NO_NUL, NO_NUL_MESSAGE),
    opensOn: isoDate,
    closesOn: isoDate,
    // Optional: when members should be done (reminders count down to it). The form sends "" for none.
    dueOn: z.union([z.literal('').transform(() => null), isoDate, z.null()]).default(null),
    // Empty: the framework assigned to the team or the organization.
    frameworkId: z.union([z.literal('').transform(() => null), z.uuid('Choose a framework.'), z.null()]).default(null),
    // A select sends "" for "the whole organization".
    teamId: z.union([z.literal('').transform(() => null), z.uuid('Choose a team.'), z.null()]).default(null),
    // A checkbox sends "on" when ticked and nothing otherwise.
    closePrevious: z
      .union([z.boolean(), z.enum(['on', 'true', 'false', ''])])
      .default(false)
      .transform((value) => value === true || value === 'on' || value === 'true'),
  })
  .refine((input) => input.closesOn >= input.opensOn, {
    message: 'The closing date must not be before the opening date.',
    path: ['closesOn'],
  })
  .refine((input) => input.dueOn === null || input.dueOn >= input.opensOn, {
    message: 'The due date cannot be before the cycle opens: choose the opening date or later.',
    path: ['dueOn'],
  })
  .refine((input) => input.dueOn === null || input.dueOn <= input.closesOn, {
    message: 'The due date must be on or before the closing date: nobody can rate after the cycle closes.',
    path: ['dueOn'],
  });

/** Cycle changes show on the cycles admin page and on /assess (which cycle is open). */
const CYCLE_PAGES = ['/admin/cycles', '/assess'];

export const openCycleAction = defineAuditedAction<typeof openCycleSchema, { cycleId: string; carriedOver: number }>({
  input: openCycleSchema,
  role: 'admin',
  audit: { events: ['cycle.opened', 'cycle.closed'], target: 'assessment_cycle' },
  revalidate: CYCLE_PAGES,
  write: ({ input, tx, context }) => openCycle(tx, context.organization.id, input),
});

const closeCycleSchema = z.object({ cycleId: z.uuid('Unknown assessment cycle.') });

export const closeCycleAction = defineAuditedAction({
  input: closeCycleSchema,
  role: 'admin',
  audit: { events: ['cycle.closed'], target: 'assessment_cycle' },
  revalidate: CYCLE_PAGES,
  write: ({ input, tx, context }) => closeCycle(tx, context.organization.id, input.cycleId),
});

export const reopenCycleAction = defineAuditedAction({
  input: z.object({ cycleId: z.uuid('Unknown assessment cycle.') }),
  role: 'admin',
  audit: { events: ['cycle.reopened'], target: 'assessment_cycle' },
  write: async ({ input, tx, context }) => {
    const result = await reopenCycle(tx, context.organization.id, input.cycleId);
    if (!result.ok) return result;
    return {
      ok: true,
      message: `“${result.name}” is open again: its ratings can change until you close it.`,
      audit: { targetId: input.cycleId },
    };
  },
  revalidate: ['/admin/cycles', '/assess', '/'],
});
