/**
 * Evidence links on a self rating: up to 5 links (a pull request, a design
 * document, an incident) with a short label.
 *
 * Storage: `ratings.evidence_links` is a text[]; each element is the JSON text
 * `{"url":"https://…","label":"…"}` (always exactly these two keys). JSON was
 * chosen over "label|url" because labels and URLs may both contain `|`, and
 * JSON needs no escaping rules of our own. Elements that do not parse (none
 * are written by the product) are skipped on read rather than failing a page.
 *
 * Pure module (zod only): the schema is shared by the action and the form.
 */
import { z } from 'zod';
import { NO_NUL, NO_NUL_MESSAGE } from '@/lib/validation/text';
import { EVIDENCE_LABEL_MAX, EVIDENCE_MAX_LINKS, type EvidenceLink } from './evidence-limits';

export { EVIDENCE_LABEL_MAX, EVIDENCE_MAX_LINKS, type EvidenceLink } from './evidence-limits';

const URL_MAX = 2000;

/** http and https only: `javascript:`, `data:` or `ftp:` links never reach a manager's browser. */
export function isWebUrl(value: string): boolean {
  try {
    const protocol = new URL(value).protocol;
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

export const evidenceLinkSchema = z.object({
  url: z
    .string('A link is required.')
    .trim()
    .max(URL_MAX, `Links are at most ${URL_MAX} characters.`)
    .regex(NO_NUL, NO_NUL_MESSAGE)
    .pipe(z.url('Enter a full link, starting with https://.'))
    .refine(isWebUrl, 'Only http and https links are allowed.'),
  label: z
    .string('A label is required.')
    .trim()
    .min(1, 'A label is required.')
    .max(EVIDENCE_LABEL_MAX, `Labels are at most ${EVIDENCE_LABEL_MAX} characters.`)
    .regex(NO_NUL, NO_NUL_MESSAGE),
});

export const evidenceLinksSchema = z
  .array(evidenceLinkSchema, 'Links must be a list.')
  .max(EVIDENCE_MAX_LINKS, `At most ${EVIDENCE_MAX_LINKS} links per rating.`);

export function encodeEvidenceLink(link: EvidenceLink): string {
  return JSON.stringify({ url: link.url, label: link.label });
}

/** Stored text → links; anything malformed or no longer http(s) is left out. */
export function decodeEvidenceLinks(stored: readonly string[] | null | undefined): EvidenceLink[] {
  const links: EvidenceLink[] = [];
  for (const text of stored ?? []) {
    try {
      const value: unknown = JSON.parse(text);
      const parsed = evidenceLinkSchema.safeParse(value);
      if (parsed.success) links.push(parsed.data);
    } catch {
      // Not JSON: skipped (see the storage note above).
    }
  }
  return links;
}
