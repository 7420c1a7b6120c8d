import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDate, formatDateRange, formatDateTime, formatRelative } from '@/lib/format/date';

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

  it('says how long ago in the reader’s locale', () => {
    const now = new Date('2026-12-07T12:00:00Z');
    expect(formatRelative(new Date('2026-12-07T09:00:00Z'), now, 'en')).toBe('3 hours ago');
    expect(formatRelative(new Date('2026-12-06T12:00:00Z'), now, 'en')).toBe('yesterday');
    expect(formatRelative(new Date('2026-12-07T09:00:00Z'), now, 'de')).toBe('vor 3 Stunden');
  });
});

/** Every .ts/.tsx file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('pages show dates only through lib/format/date.ts', () => {
  it('has no date formatting of its own in app/ or components/', () => {
    const own =
      /toLocale(Date|Time)?String|toUTCString|new Intl\.(DateTimeFormat|RelativeTimeFormat)|toISOString\(\)\.(slice|replace)/;
    const offenders = [...sources('app'), ...sources('components')].filter((file) => {
      // A CSV's file name carries the day in ISO form on purpose ("gaps-2026-12-07.csv"): not shown as a date.
      const text = readFileSync(file, 'utf8').replace(
        /const day = new Date\(\)\.toISOString\(\)\.slice\(0, 10\);/g,
        '',
      );
      return own.test(text);
    });
    expect(offenders).toEqual([]);
  });
});
