/**
 * Names and organization names are typed by people and end up in mail headers
 * and bodies: these keep them from adding a header (CR/LF) or markup (HTML).
 */

/** One line of header text: CR, LF and every other control character become a space; runs of spaces collapse. */
export function headerText(value: string, maxLength = 200): string {
  const flat = value
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
}

/** Text for an HTML body or attribute. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A name inside a plain-text body: one line, so it cannot forge the lines around it (a fake link, a signature). */
export function inlineText(value: string, maxLength = 200): string {
  return headerText(value, maxLength);
}
