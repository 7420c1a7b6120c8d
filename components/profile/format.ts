/** Numbers on the profile page: two decimals at most, an em dash for "no data". */
export function formatLevel(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/0$/, '');
}
