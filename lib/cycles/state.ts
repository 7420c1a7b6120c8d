/**
 * A cycle's state as people read it. The table stores only open/closed; an
 * open cycle whose opening date is still ahead is "scheduled": it exists, it
 * is not yet the one people rate. Not `server-only`: pages and client code
 * label cycles with it.
 */
export type CycleState = 'scheduled' | 'open' | 'closed';

export const CYCLE_STATE_LABELS: Record<CycleState, string> = {
  scheduled: 'scheduled',
  open: 'open',
  closed: 'closed',
};

/** Today's date as YYYY-MM-DD in UTC, the calendar cycle dates are compared in. */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function cycleState(
  cycle: { status: 'open' | 'closed'; opensOn: string },
  today: string = todayIso(),
): CycleState {
  if (cycle.status === 'closed') return 'closed';
  return cycle.opensOn > today ? 'scheduled' : 'open';
}
