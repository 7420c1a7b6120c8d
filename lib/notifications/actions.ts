'use server';

import { z } from 'zod';
import { defineAction, defineAuditedAction } from '@/lib/actions/define-action';
import { eq } from 'drizzle-orm';
import { organizations } from '@/db/schema';
import { retryFailedJob } from '@/lib/jobs/failed';
import { NOTIFICATION_KINDS } from './kinds';
import { setPreference } from './preferences';
import { unsubscribeWithToken } from './unsubscribe';
import { refreshPages } from '@/lib/actions/revalidate';

const checkbox = z
  .union([z.boolean(), z.enum(['on', 'true', 'false', ''])])
  .default(false)
  .transform((value) => value === true || value === 'on' || value === 'true');

/** A person's own choice of one kind of message in their active organization; nobody else's. */
export const setNotificationPreferenceAction = defineAction({
  input: z.object({ kind: z.enum(NOTIFICATION_KINDS, 'Unknown kind of message.'), enabled: checkbox }),
  role: 'member',
  run: async ({ input, db, context }) => {
    await setPreference(
      db,
      { organizationId: context.organization.id, userId: context.user.id, kind: input.kind },
      input.enabled,
    );
    refreshPages('/me/notifications');
    return { ok: true, message: input.enabled ? 'You will get these messages.' : 'You will not get these messages.' };
  },
});

/**
 * The unsubscribe page's button: works signed out, by the mailed token alone,
 * which names the one person, organization and kind it turns off.
 */
export const unsubscribeAction = defineAction({
  input: z.object({ token: z.string().min(10, 'This unsubscribe link is not valid.').max(400) }),
  role: 'public',
  run: async ({ input, db }) => {
    const result = await unsubscribeWithToken(db, input.token);
    if (!result) return { ok: false, error: 'This unsubscribe link is not valid. Open it again from the email.' };
    return { ok: true, message: 'Done: you will not get these messages any more.' };
  },
});

const DAYS_MESSAGE = 'Use whole numbers of days from 0 to 90, separated by commas, e.g. 7, 1.';

const reminderDaysSchema = z.object({
  reminderDays: z
    .string()
    .trim()
    .max(40, 'At most a few numbers, e.g. 7, 1.')
    .transform((text) => text.split(/[\s,;]+/).filter(Boolean))
    .pipe(z.array(z.string().regex(/^\d{1,2}$/, DAYS_MESSAGE)).max(5, 'At most five reminders.'))
    .transform((days) => days.map(Number))
    .refine((days) => days.every((day) => day <= 90), DAYS_MESSAGE)
    .transform((days) => [...new Set(days)].sort((a, b) => b - a)),
});

/** The organization's reminder days before a cycle's due date (empty: no reminders, only the overdue notice). */
export const updateReminderDaysAction = defineAuditedAction({
  input: reminderDaysSchema,
  role: 'admin',
  audit: { events: ['organization.reminders_changed'], target: 'organization' },
  revalidate: ['/admin/notifications'],
  write: async ({ input, tx, context }) => {
    await tx
      .update(organizations)
      .set({ reminderDays: input.reminderDays })
      .where(eq(organizations.id, context.organization.id));
    return {
      ok: true,
      message:
        input.reminderDays.length > 0
          ? `Reminders go out ${input.reminderDays.join(' and ')} days before a cycle's due date.`
          : 'No reminders before the due date; people not done still get the overdue notice.',
      audit: { targetId: context.organization.id, details: { reminderDays: input.reminderDays } },
    };
  },
});

/** Puts a failed background job of the organization back in the queue. */
export const retryJobAction = defineAuditedAction({
  input: z.object({ jobId: z.uuid('Unknown job.') }),
  role: 'admin',
  audit: { events: ['job.retried'], target: 'job' },
  revalidate: ['/admin/notifications'],
  write: async ({ input, tx, context }) => {
    const name = await retryFailedJob(tx, context.organization.id, input.jobId);
    if (!name)
      return {
        ok: false,
        error: 'This job is not a failed job of your organization (it may have been retried already).',
      };
    return {
      ok: true,
      message: 'The job is queued again.',
      audit: { targetId: input.jobId, details: { queue: name } },
    };
  },
});
