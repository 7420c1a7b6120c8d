import { describe, expect, it } from 'vitest';
import { productionConfigProblems } from '@/lib/startup-checks';

describe('production start-up checks', () => {
  it('refuse production without AUTH_SECRET, with a message saying how to make one', () => {
    const problems = productionConfigProblems({ NODE_ENV: 'production' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/AUTH_SECRET is not set.*openssl rand/);
  });

  it('refuse a short secret', () => {
    expect(productionConfigProblems({ NODE_ENV: 'production', AUTH_SECRET: 'short' })[0]).toMatch(/shorter than 32/);
  });

  it('accept a proper secret, and ask nothing in development', () => {
    expect(productionConfigProblems({ NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(44) })).toEqual([]);
    expect(productionConfigProblems({ NODE_ENV: 'development' })).toEqual([]);
  });
});
