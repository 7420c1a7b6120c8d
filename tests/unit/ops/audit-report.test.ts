import { describe, expect, it } from 'vitest';
import { classifyAudit, summariseOutdated } from '@/scripts/lib/audit-report';

const metadata = (counts: Record<string, number>) => ({
  vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...counts },
  dependencies: { prod: 212, dev: 0, total: 212 },
});

describe('audit:deps outcome', () => {
  it('passes a report with moderate findings only', () => {
    const stdout = JSON.stringify({ auditReportVersion: 2, vulnerabilities: {}, metadata: metadata({ moderate: 2 }) });
    const outcome = classifyAudit({ stdout, stderr: '', status: 1 });
    expect(outcome.kind).toBe('clean');
    expect(outcome.lines[0]).toContain('212 production packages: 0 critical, 0 high, 2 moderate');
  });

  it('fails on high or critical findings and names them with the advisory', () => {
    const stdout = JSON.stringify({
      auditReportVersion: 2,
      vulnerabilities: {
        next: {
          severity: 'critical',
          range: '15.0.0 - 15.2.2',
          via: [{ title: 'Authorization bypass in middleware', url: 'https://github.com/advisories/GHSA-x' }],
          fixAvailable: true,
        },
        'some-wrapper': { severity: 'high', range: '*', via: ['next'], fixAvailable: false },
        harmless: { severity: 'low', via: [] },
      },
      metadata: metadata({ high: 1, critical: 1, low: 1 }),
    });
    const outcome = classifyAudit({ stdout, stderr: '', status: 1 });
    expect(outcome).toMatchObject({ kind: 'vulnerable', high: 1, critical: 1 });
    const text = outcome.lines.join('\n');
    expect(text).toContain(
      'critical next 15.0.0 - 15.2.2: Authorization bypass in middleware (https://github.com/advisories/GHSA-x) [fix available]',
    );
    expect(text).toContain('high     some-wrapper *: via next [no fix yet]');
    expect(text).not.toContain('harmless');
  });

  it('reports an endpoint answering 405 as unreachable, never as a pass', () => {
    const stdout = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
      error: { summary: '', detail: '' },
    });
    const outcome = classifyAudit({ stdout, stderr: 'npm error audit endpoint returned an error', status: 1 });
    expect(outcome.kind).toBe('unreachable');
    expect(outcome.lines[0]).toMatch(
      /^audit endpoint unreachable \(405 Method Not Allowed .*\): production dependencies were NOT checked$/,
    );
  });

  it('reports no network, no JSON or no npm as unreachable', () => {
    expect(
      classifyAudit({ stdout: JSON.stringify({ error: { code: 'ENOTFOUND', summary: '' } }), stderr: '', status: 1 })
        .lines[0],
    ).toContain('ENOTFOUND');
    expect(classifyAudit({ stdout: '', stderr: 'npm error code ECONNREFUSED\n', status: 1 }).lines[0]).toContain(
      'ECONNREFUSED',
    );
    expect(
      classifyAudit({ stdout: '', stderr: '', status: null, spawnError: 'spawnSync npm ENOENT' }).lines[0],
    ).toContain('spawnSync npm ENOENT');
  });
});

describe('audit:deps freshness, when the advisory endpoint is unreachable', () => {
  const outdated = JSON.stringify({
    next: { current: '16.4.6', wanted: '16.5.0', latest: '16.5.0' },
    'next-auth': { current: '5.0.0-beta.32', wanted: '5.0.0-beta.32', latest: '4.24.15' },
    typescript: { current: '5.9.3', wanted: '5.9.4', latest: '7.0.2' },
  });

  it('lists production dependencies behind what their range allows, not dev tools or newer majors', () => {
    const lines = summariseOutdated(outdated, ['next', 'next-auth', 'zod']);
    expect(lines).toEqual([
      '1 of 3 direct production dependencies are behind the newest release their ranges allow (`npm update`):',
      '  next 16.4.6 → 16.5.0',
    ]);
  });

  it('says when none is behind, and when npm outdated could not be read', () => {
    expect(summariseOutdated('{}', ['zod', 'react'])).toEqual([
      'all 2 direct production dependencies are at the newest release their ranges allow',
    ]);
    expect(summariseOutdated('', ['zod'])[0]).toContain('freshness NOT checked');
  });
});
