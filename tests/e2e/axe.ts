/**
 * The one way the browser suites run axe: every spec that checks a page's accessibility goes
 * through `axeViolations`, so the rule set and the run's cost are decided here once.
 *
 * Measured on the page walk's heaviest pages (the API reference, the members list), these choices cut
 * the CPU axe takes without changing which violations it reports:
 * - `resultTypes: ['violations']`: axe still evaluates every rule on every node, but keeps one
 *   example node for passes, incomplete and inapplicable instead of serialising all of them — the
 *   API reference's result went from 1.65 MB to 70 KB of JSON carried back over the protocol.
 * - On a page without frames, axe runs in the page itself (`axe.run()`, what @axe-core/playwright
 *   calls legacy mode), injected once per document: the walk checks each page at two widths, and
 *   @axe-core/playwright injects and configures its 1.3 MB build again on every call. On this
 *   machine that cost 350–450 ms a call whatever the page (546 ms for a 95-node page whose rules
 *   take 112 ms); the minified build, injected once, 175–280 ms a page.
 * - A page with a frame (the mail preview on /dev/mail) keeps @axe-core/playwright's default mode:
 *   it runs `runPartial()` in every frame and merges the parts in a blank page, and `axe.run()` in
 *   the top document does not look inside frames (checked: an image without alt in a same-origin
 *   `srcdoc` frame is reported by the default mode only).
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { Result, RunOptions } from 'axe-core';

/** WCAG 2.2 AA and axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** The minified build of the axe-core that @axe-core/playwright itself depends on (same version, same rules). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

type Violation = Pick<Result, 'id' | 'impact'> & { targets: string[] };

/**
 * One line per violation: its impact, rule and up to three of the nodes it was found on.
 * `tags: 'all'` runs every rule axe enables by default (its own default set).
 */
export async function axeViolations(page: Page, tags: string[] | 'all' = AXE_TAGS): Promise<string[]> {
  const options: RunOptions = {
    resultTypes: ['violations'],
    ...(tags === 'all' ? {} : { runOnly: { type: 'tag', values: tags } }),
  };
  const violations = page.frames().length === 1 ? await inPage(page, options) : await inEveryFrame(page, options);
  return violations.map((violation) => `${violation.impact} ${violation.id}: ${violation.targets.join(', ')}`);
}

async function inPage(page: Page, options: RunOptions): Promise<Violation[]> {
  // Still there after a resize; gone after a navigation, which makes a new document.
  const injected = await page.evaluate(() => 'axe' in window);
  if (!injected) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (runOptions) => {
    const { axe } = window as unknown as { axe: typeof import('axe-core') };
    const results = await axe.run(document, runOptions);
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      targets: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')),
    }));
  }, options);
}

async function inEveryFrame(page: Page, options: RunOptions): Promise<Violation[]> {
  const results = await new AxeBuilder({ page }).options(options).analyze();
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    targets: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')),
  }));
}
