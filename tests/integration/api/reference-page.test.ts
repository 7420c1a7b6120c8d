/** The reference page (/docs/api) renders every operation of the document, every schema and every problem type its links point to. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import ApiReferencePage from '@/app/docs/api/page';
import { PROBLEM_TYPES, problemTypeUri } from '@/lib/api/problem';
import { V1_ENDPOINTS } from '@/lib/api/v1/endpoints';

describe('/docs/api', () => {
  it('renders every operation, and an anchor for every problem type URI', () => {
    const html = renderToStaticMarkup(ApiReferencePage());
    for (const endpoint of V1_ENDPOINTS) {
      expect(html).toContain(`id="${endpoint.operationId}"`);
      expect(html).toContain(endpoint.path);
    }
    for (const type of Object.keys(PROBLEM_TYPES) as (keyof typeof PROBLEM_TYPES)[]) {
      expect(html).toContain(`id="${problemTypeUri(type).split('#')[1]}"`);
    }
    expect(html).toContain('id="schema-Member"');
    expect(html).toContain('href="#schema-Member"');
    expect(html).toContain('ratings:self');
  });
});
