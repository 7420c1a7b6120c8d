/**
 * Whether an error is PostgreSQL's unique_violation (23505) for the given
 * constraint, on either driver: drizzle wraps driver errors in `cause`.
 */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    if (typeof current === 'object') {
      const { code, constraint: name, constraint_name: nameAlt, message } = current as Record<string, unknown>;
      if (code === '23505' && (name === constraint || nameAlt === constraint || String(message).includes(constraint))) {
        return true;
      }
      current = (current as { cause?: unknown }).cause;
    } else {
      break;
    }
  }
  return false;
}
