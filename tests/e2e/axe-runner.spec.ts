/**
 * The axe runner itself (tests/e2e/axe.ts): a page with known violations must report them, in the
 * page and after a resize (axe injected once per document), and inside a frame. A runner that
 * quietly checked nothing would pass every page of the walk.
 */
import { expect, test } from '@playwright/test';
import { axeViolations } from './axe';

// Opens no page of the app: off the demo specs' one-at-a-time chain (playwright.config.ts).
const READ_ONLY = { tag: '@demo-read-only' };

const BROKEN = `<!doctype html><html lang="en"><head><title>t</title></head><body><main>
  <h1>Known violations</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><button></button>
</main></body></html>`;

test('reports an image without alt and an unnamed button, at both widths', READ_ONLY, async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.setContent(BROKEN);
  const phone = await axeViolations(page);
  expect(phone.join('\n')).toMatch(/^critical image-alt: img$/m);
  expect(phone.join('\n')).toMatch(/^critical button-name: button$/m);

  await page.setViewportSize({ width: 1440, height: 900 });
  expect(await axeViolations(page)).toEqual(phone);
});

test('reports a violation inside a frame', READ_ONLY, async ({ page }) => {
  await page.setContent(
    `<!doctype html><html lang="en"><head><title>t</title></head><body><main><h1>Frame</h1>
     <iframe title="preview" srcdoc="${BROKEN.replaceAll('"', '&quot;')}"></iframe></main></body></html>`,
  );
  await expect.poll(() => page.frames().length).toBe(2);
  expect((await axeViolations(page)).join('\n')).toMatch(/image-alt: iframe/);
});
