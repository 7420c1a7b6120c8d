import { describe, expect, it } from 'vitest';
import { formatDate, formatDateRange, formatDateTime } from '@/lib/format/date';

describe('one date format', () => {
  it('shows a calendar day as that day in every locale, never shifted by a time zone', () => {
    expect(formatDate('2026-10-01', 'en-GB')).toBe('1 Oct 2026');
    expect(formatDate('2026-10-01', 'en-US')).toBe('Oct 1, 2026');
    expect(formatDate('2026-10-01', 'de')).toBe('01.10.2026');
    expect(formatDateRange('2026-10-01', '2026-12-31', 'en-GB')).toBe('1 Oct 2026 – 31 Dec 2026');
  });

  it('shows instants in UTC and says so', () => {
    expect(formatDateTime(new Date('2026-12-06T23:30:00Z'), 'en-GB')).toBe('6 Dec 2026, 23:30 UTC');
    expect(formatDateTime('2026-12-06T23:30:00.000Z', 'en-US')).toBe('Dec 6, 2026, 11:30 PM UTC');
  });

  it('shows a dash for something that is not a date', () => {
    expect(formatDate('not a date', 'en-GB')).toBe('—');
    expect(formatDateTime(Number.NaN, 'en-GB')).toBe('—');
  });
});
