/** Escapes LIKE wildcards so that a search for `50%` or `a_b` matches those characters literally. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** `%text%` for ILIKE, with the user's own wildcards escaped (backslash is PostgreSQL's default escape). */
export function containsPattern(value: string): string {
  return `%${escapeLike(value)}%`;
}

export const MEMBERS_PAGE_SIZE = 25;

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
