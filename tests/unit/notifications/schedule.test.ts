import { describe, expect, it } from 'vitest';
import { dueStatus } from '@/lib/cycles/due';
import { daysUntil, isoWeek, openedRecently, reminderOffset } from '@/lib/notifications/schedule';

describe('when reminders are due', () => {
  it('counts whole days to the due date', () => {
    expect(daysUntil('2026-12-14', '2026-12-07')).toBe(7);
    expect(daysUntil('2026-12-07', '2026-12-07')).toBe(0);
    expect(daysUntil('2026-12-06', '2026-12-07')).toBe(-1);
  });

  it('names the reminder after the smallest offset not below the days left; none before or after', () => {
    expect(reminderOffset(8, [7, 1])).toBeNull();
    expect(reminderOffset(7, [7, 1])).toBe(7);
    expect(reminderOffset(5, [7, 1])).toBe(7);
    expect(reminderOffset(1, [7, 1])).toBe(1);
    expect(reminderOffset(0, [7, 1])).toBe(1);
    expect(reminderOffset(-1, [7, 1])).toBeNull();
    expect(reminderOffset(3, [])).toBeNull();
  });

  it('announces a cycle for 14 days after it opened, not a cycle that opened long ago', () => {
    expect(openedRecently('2026-12-07', '2026-12-07')).toBe(true);
    expect(openedRecently('2026-11-23', '2026-12-07')).toBe(true);
    expect(openedRecently('2026-11-22', '2026-12-07')).toBe(false);
    expect(openedRecently('2026-10-08', '2026-12-07')).toBe(false);
  });

  it('puts weekly messages in ISO weeks (a year boundary included)', () => {
    expect(isoWeek(new Date('2026-12-07T10:00:00Z'))).toBe('2026-W50');
    expect(isoWeek(new Date('2027-01-01T10:00:00Z'))).toBe('2026-W53');
    expect(isoWeek(new Date('2027-01-04T10:00:00Z'))).toBe('2027-W01');
  });

  it('labels days left and overdue for the pages', () => {
    expect(dueStatus(null)).toBeNull();
    expect(dueStatus('2026-12-12', '2026-12-07')).toMatchObject({ overdue: false, label: 'due in 5 days' });
    expect(dueStatus('2026-12-07', '2026-12-07')).toMatchObject({ overdue: false, label: 'due today' });
    expect(dueStatus('2026-12-06', '2026-12-07')).toMatchObject({ overdue: true, label: 'overdue by 1 day' });
  });
});
