/**
 * The name of the unique constraint a failed insert hit, or null. Drizzle wraps
 * driver errors (`cause`); postgres.js and PGlite both expose `code` 23505 and
 * the constraint name, under slightly different property names.
 */
export function uniqueViolation(error: unknown): string | null {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    if (typeof current === 'object') {
      const record = current as { code?: unknown; constraint?: unknown; constraint_name?: unknown; cause?: unknown };
      if (record.code === '23505') {
        const name = record.constraint ?? record.constraint_name;
        return typeof name === 'string' ? name : '';
      }
      current = record.cause;
    } else {
      break;
    }
  }
  return null;
}
