/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): a cell that starts
 * with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by
 * Excel, LibreOffice and Google Sheets. Prefixing a single quote makes them
 * show the text as typed. Only user-supplied text goes through here: numbers
 * the export emits itself (levels, gaps) stay numbers.
 */
export const FORMULA_TRIGGERS: ReadonlySet<string> = new Set(['=', '+', '-', '@', '\t', '\r']);

export function neutraliseCell(value: string): string {
  const first = value.charAt(0);
  return FORMULA_TRIGGERS.has(first) ? `'${value}` : value;
}

/** A CSV cell: strings neutralised, numbers as they are, null/undefined empty. */
export type CsvCell = string | number | null | undefined;

export function safeCell(value: CsvCell): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  return neutraliseCell(value);
}

export function safeRecord(values: readonly CsvCell[]): (string | number)[] {
  return values.map(safeCell);
}

/**
 * For a CSV that is read back (the framework export): neutralised as above,
 * and undone by `restoreNeutralised` on import. A value that itself starts
 * with a quote before a trigger (or before another quote) gets one more
 * quote, so stripping exactly one on the way back is always right.
 */
export function neutraliseReversibly(value: string): string {
  return FORMULA_TRIGGERS.has(value.charAt(0)) || startsQuoted(value) ? `'${value}` : value;
}

export function restoreNeutralised(value: string): string {
  return startsQuoted(value) ? value.slice(1) : value;
}

function startsQuoted(value: string): boolean {
  const second = value.charAt(1);
  return value.charAt(0) === "'" && (FORMULA_TRIGGERS.has(second) || second === "'");
}
