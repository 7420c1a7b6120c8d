import { describe, expect, it } from 'vitest';
import { classifyAudit } from '@/scripts/lib/audit-report';

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
    expect(text).toContain('critical next 15.0.0 - 15.2.2: Authorization bypass in middleware (https://github.com/advisories/GHSA-x) [fix available]');
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
    expect(outcome.lines[0]).toMatch(/^audit endpoint unreachable \(405 Method Not Allowed .*\): production dependencies were NOT checked$/);
  });

  it('reports no network, no JSON or no npm as unreachable', () => {
    expect(classifyAudit({ stdout: JSON.stringify({ error: { code: 'ENOTFOUND', summary: '' } }), stderr: '', status: 1 }).lines[0]).toContain(
      'ENOTFOUND',
    );
    expect(classifyAudit({ stdout: '', stderr: 'npm error code ECONNREFUSED\n', status: 1 }).lines[0]).toContain('ECONNREFUSED');
    expect(classifyAudit({ stdout: '', stderr: '', status: null, spawnError: 'spawnSync npm ENOENT' }).lines[0]).toContain(
      'spawnSync npm ENOENT',
    );
  });
});
