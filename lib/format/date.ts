/**
 * The one way dates are shown: in the reader's locale (the server passes the
 * request's, see request-locale.ts; a client component after an interaction
 * may leave it to the browser), always in UTC so that the server's and the
 * browser's rendering of a page agree and a date does not shift by a day
 * between readers. Cycle dates are calendar days ("2026-10-01") and are shown
 * as such; instants (created, expires) carry their time and "UTC".
 */

type DateInput = Date | string | number;

/** A calendar day as stored ("2026-10-01") or an instant, as a Date. */
function toDate(value: DateInput): Date {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00Z`);
  return value instanceof Date ? value : new Date(value);
}

// Formatter objects only (no request data): building one per call is slow in long tables.
const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    cache.set(key, format);
  }
  return format;
}

/** "1 Oct 2026" (en-GB), "Oct 1, 2026" (en-US), "1. Okt. 2026" (de). */
export function formatDate(value: DateInput, locale?: string): string {
  const date = toDate(value);
  return Number.isNaN(date.getTime()) ? '—' : formatter(locale, { dateStyle: 'medium' }).format(date);
}

/** "1 Oct 2026, 14:05 UTC". */
export function formatDateTime(value: DateInput, locale?: string): string {
  const date = toDate(value);
  return Number.isNaN(date.getTime())
    ? '—'
    : `${formatter(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date)} UTC`;
}

/** "1 Oct 2026 – 31 Dec 2026", for a cycle's days. */
export function formatDateRange(from: DateInput, to: DateInput, locale?: string): string {
  return `${formatDate(from, locale)} – ${formatDate(to, locale)}`;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];
const relativeCache = new Map<string, Intl.RelativeTimeFormat>();

/** "3 hours ago", "yesterday", "vor 3 Stunden": `value` seen from `now`, in the reader's locale. */
export function formatRelative(value: DateInput, now: DateInput, locale?: string): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return '—';
  let relative = relativeCache.get(locale ?? '');
  if (!relative) {
    relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    relativeCache.set(locale ?? '', relative);
  }
  const seconds = Math.round((date.getTime() - toDate(now).getTime()) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(0, 'second');
}

/** The ISO form for a <time dateTime> attribute. */
export function isoDate(value: DateInput): string {
  const date = toDate(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}
