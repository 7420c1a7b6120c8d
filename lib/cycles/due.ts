/**
 * A cycle's due date as people read it: "due in 5 days", "due today",
 * "overdue by 2 days". Not `server-only`: pages of every kind show it.
 */
import { todayIso } from './state';

export interface DueStatus {
  /** Whole days to the due date: 0 on the day, negative once past. */
  daysLeft: number;
  overdue: boolean;
  label: string;
}

export function dueStatus(dueOn: string | null, today: string = todayIso()): DueStatus | null {
  if (!dueOn) return null;
  const daysLeft = Math.round((Date.parse(`${dueOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);
  if (daysLeft > 0) return { daysLeft, overdue: false, label: `due in ${days(daysLeft)}` };
  if (daysLeft === 0) return { daysLeft, overdue: false, label: 'due today' };
  return { daysLeft, overdue: true, label: `overdue by ${days(-daysLeft)}` };
}
