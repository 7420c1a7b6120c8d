/**
 * The audit log's page parameters come from the URL: values that match the
 * shape but are not real instants (month 13, hour 25, year 0, year 10000)
 * must be dropped as "ignored", never reach PostgreSQL as an out-of-range
 * timestamp and turn the page into a 500.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionContext } from '@/lib/auth/session';
import { auditQuerySchema, parseAuditFilters } from '@/lib/audit/audit-filters';
import { listAuditEntries } from '@/lib/audit/list-audit';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { createMember, createOrganization } from '../../fixtures/actors';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let database: TestDatabase;
let organizationId: string;
let admin: SessionContext;
beforeAll(async () => {
  database = await createTestDatabase();
  organizationId = await createOrganization(database.db, 'Hostile audit');
  admin = await createMember(database.db, organizationId, 'admin');
});
afterAll(async () => {
  await database?.close();
});

const hostile: Record<string, string>[] = [
  { before: '2026-13-45T99:99:99.000000Z~1' },
  { after: '2026-02-30T25:00:00.000000Z~1' },
  { before: '0000-01-01T00:00:00.000000Z~1' },
  { from: '0000-01-01' },
  { to: '9999-12-31' },
  { from: '0000-01-01', to: '9999-12-31' },
];

describe('hostile audit filters', () => {
  it.each(hostile)('are ignored, not a database error: %o', async (params) => {
    const { filters, ignored } = parseAuditFilters(params);
    expect(ignored.length).toBeGreaterThan(0);
    await expect(listAuditEntries(database.db, admin, organizationId, filters)).resolves.toBeDefined();
  });

  it('are a 400 for the CSV route (the schema refuses them)', () => {
    expect(auditQuerySchema.safeParse({ from: '0000-01-01' }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ to: '9999-12-31' }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ from: '2026-01-01', to: '2026-12-31' }).success).toBe(true);
  });
});
