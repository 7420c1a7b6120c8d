/**
 * When each message is due: pure rules on dates, no database. The scan
 * (scan-job.ts) applies them; tests check them directly.
 */

/** Whole days from `today` to `dueOn` (both YYYY-MM-DD, UTC): 0 on the day, negative once past. */
export function daysUntil(dueOn: string, today: string): number {
  const ms = Date.parse(`${dueOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

/**
 * The reminder due now, as the offset it is named after: the smallest of the
 * organization's offsets (e.g. 7 and 1) that is at least the days left. With
 * 5 days left that is the 7-day reminder, with 1 or 0 the 1-day one; none
 * before the largest offset or once the date has passed (then: overdue).
 * A reminder missed (the cycle got its due date late) is not sent on top of
 * a later one: only the current offset is.
 */
export function reminderOffset(daysLeft: number, reminderDays: readonly number[]): number | null {
  if (daysLeft < 0) return null;
  const candidates = reminderDays.filter((days) => days >= daysLeft);
  return candidates.length > 0 ? Math.min(...candidates) : null;
}

/** Days before a certification expires when its holder and their managers are reminded (issue 22). */
export const CERTIFICATION_REMINDER_DAYS = [30, 7] as const;

/** A cycle-opened message goes out only for a recently opened cycle: enabling mail must not announce old ones. */
export const OPENED_MESSAGE_MAX_AGE_DAYS = 14;

/** Whether a cycle that opened on `opensOn` is still announced on `today`: opened, at most 14 days ago. */
export function openedRecently(opensOn: string, today: string): boolean {
  const sinceOpening = daysUntil(today, opensOn);
  return sinceOpening >= 0 && sinceOpening <= OPENED_MESSAGE_MAX_AGE_DAYS;
}

/** The ISO week of a date, e.g. `2026-W50`: the period of weekly messages. */
export function isoWeek(date: Date): string {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
