/**
 * Organization slugs: the short address of a tenant. Pure functions, shared by
 * the sign-up form (live suggestion) and the server (the check that counts).
 */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/;
export const SLUG_MIN_LENGTH = 3;
export const SLUG_MAX_LENGTH = 40;

/** A valid slug derived from a display name, or '' when the name has too few usable characters. */
export function suggestSlug(name: string): string {
  const base = name
    .normalize('NFKD')
    // Strip the accents NFKD split off, so "Café" becomes "cafe" rather than "caf".
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/-+$/g, '');
  if (!base) return '';
  if (base.length >= SLUG_MIN_LENGTH) return base;
  // "AB" or "X1" are legitimate names; pad rather than refuse them.
  return `${base}-org`;
}

export function isValidSlug(slug: string): boolean {
  return SLUG_PATTERN.test(slug);
}
