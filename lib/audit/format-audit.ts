import { formatRelative } from '@/lib/format/date';
const MAX_VALUE = 80;
const MAX_SUMMARY = 300;

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/** `key: value · key: value`, each value and the whole line cut short: details can hold anything. */
export function summariseDetails(details: Record<string, unknown> | null): string | null {
  if (!details) return null;
  const parts = Object.entries(details).map(([key, value]) => `${key}: ${formatValue(value)}`);
  if (parts.length === 0) return null;
  const line = parts.join(' · ');
  return line.length > MAX_SUMMARY ? `${line.slice(0, MAX_SUMMARY - 1)}…` : line;
}

/** "3 hours ago", "yesterday" — rendered on the server, next to the exact time (lib/format/date.ts). */
export function describeRelative(date: Date, now: Date, locale?: string): string {
  return formatRelative(date, now, locale);
}
