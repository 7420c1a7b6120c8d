/**
 * Evidence link limits and shape, without zod, for the browser (the form);
 * evidence.ts builds the schemas on these and re-exports them.
 */
export const EVIDENCE_MAX_LINKS = 5;
export const EVIDENCE_LABEL_MAX = 80;

export interface EvidenceLink {
  url: string;
  label: string;
}
