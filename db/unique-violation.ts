/**
 * PostgreSQL's unique_violation (23505) on either driver. Drizzle wraps driver
 * errors (`cause`); postgres.js and PGlite both expose `code` and the
 * constraint's name, under slightly different property names (and PGlite
 * builds may only name it in the message).
 */

/** The name of the unique constraint a failed statement hit ('' when the driver does not say), or null. */
export function uniqueViolation(error: unknown): string | null {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    if (typeof current !== 'object') break;
    const record = current as { code?: unknown; constraint?: unknown; constraint_name?: unknown; cause?: unknown };
    if (record.code === '23505') {
      const name = record.constraint ?? record.constraint_name;
      if (typeof name === 'string') return name;
      const quoted = /unique constraint "([^"]+)"/.exec(String((current as { message?: unknown }).message));
      return quoted?.[1] ?? '';
    }
    current = record.cause;
  }
  return null;
}

/** Whether an error is a unique violation of the given constraint. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  return uniqueViolation(error) === constraint;
}
