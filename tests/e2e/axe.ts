/**
 * The one way the browser suites run axe: every spec that checks a page's accessibility goes
 * through `axeViolations`, so the rule set and the run's cost are decided here once.
 *
 * Measured on the page walk's heaviest pages (the API reference, the members list), two options
 * halve the CPU axe takes without changing which violations it reports:
 * - `resultTypes: ['violations']`: axe still evaluates every rule on every node, but keeps one
 *   example node for passes, incomplete and inapplicable instead of serialising all of them — the
 *   API reference's result went from 1.65 MB to 70 KB of JSON carried back over the protocol.
 * - Legacy mode (`axe.run()` in the page itself) on pages without frames. The default mode runs
 *   `runPartial()` per frame, then opens a new blank page (another renderer) to merge the partial
 *   results in `finishRun()`, on every call. Legacy mode does not look inside frames (checked: an
 *   image without alt in a same-origin `srcdoc` frame is reported by the default mode only), so a
 *   page with a frame (the mail preview on /dev/mail) keeps the default mode.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** WCAG 2.2 AA and axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/**
 * One line per violation: its impact, rule and up to three of the nodes it was found on.
 * `tags: 'all'` runs every rule axe enables by default (its own default set).
 */
export async function axeViolations(page: Page, tags: string[] | 'all' = AXE_TAGS): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  const results = await (tags === 'all' ? builder : builder.withTags(tags))
    .options({ resultTypes: ['violations'] })
    .setLegacyMode(page.frames().length === 1)
    .analyze();
  return results.violations.map(
    (violation) =>
      `${violation.impact} ${violation.id}: ${violation.nodes
        .slice(0, 3)
        .map((node) => node.target.join(' '))
        .join(', ')}`,
  );
}
