import { describe, expect, it } from 'vitest';
import { filterParams, parseAuditFilters } from '@/lib/audit/audit-filters';

describe('audit log filters from the URL', () => {
  it('keeps valid filters', () => {
    const { filters, ignored } = parseAuditFilters({
      action: 'auth.sign_in',
      actor: ' ada@example.com ',
      from: '2026-01-01',
      to: '2026-01-31',
    });
    expect(filters).toEqual({ action: 'auth.sign_in', actor: 'ada@example.com', from: '2026-01-01', to: '2026-01-31' });
    expect(ignored).toEqual([]);
  });

  it('drops bad values with a name for the message, keeps the rest', () => {
    const { filters, ignored } = parseAuditFilters({
      action: "x' or 1=1 --",
      from: '2026-13-45',
      to: 'yesterday',
      actor: 'a'.repeat(300),
      before: 'garbage',
    });
    expect(filters).toEqual({});
    expect(ignored).toEqual(['action', 'actor', 'from date', 'to date', 'page']);
  });

  it('ignores a reversed date range and repeated parameters beyond the first', () => {
    expect(parseAuditFilters({ from: '2026-02-01', to: '2026-01-01' })).toEqual({
      filters: {},
      ignored: ['date range (from is after to)'],
    });
    expect(parseAuditFilters({ action: ['a.b', 'c.d'] }).filters).toEqual({ action: 'a.b' });
  });

  it('accepts well-formed cursors and writes filters back without them', () => {
    const before = '2026-01-02T03:04:05.123456Z~42';
    const { filters } = parseAuditFilters({ before, action: 'x.y' });
    expect(filters.before).toBe(before);
    expect(filterParams(filters).toString()).toBe('action=x.y');
  });
});
