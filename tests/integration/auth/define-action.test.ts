import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { createMember, createOrganization } from '../../fixtures/actors';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
});
afterAll(async () => {
  await database?.close();
});

const adminOnly = defineAction({
  input: z.object({ name: z.string().min(1).max(10) }),
  role: 'admin',
  run: async ({ input, context }) => ({ ok: true, data: `${input.name}@${context.organization.slug}` }),
});

describe('defineAction', () => {
  it('rejects bad input before looking at the session', async () => {
    actAs(null);
    const result = await adminOnly({ name: 'x'.repeat(11) });
    expect(result).toMatchObject({ ok: false, fieldErrors: { name: [expect.any(String)] } });
  });

  it('refuses the signed-out and the wrong role, runs for the right one', async () => {
    const organizationId = await createOrganization(database.db, 'Acme');
    actAs(null);
    expect(await adminOnly({ name: 'a' })).toMatchObject({ ok: false, error: 'Please sign in.' });
    actAs(await createMember(database.db, organizationId, 'manager'));
    expect(await adminOnly({ name: 'a' })).toMatchObject({ ok: false });
    actAs(await createMember(database.db, organizationId, 'admin'));
    const form = new FormData();
    form.set('name', 'b');
    expect(await adminOnly(null, form)).toMatchObject({ ok: true, data: expect.stringMatching(/^b@acme-/) });
  });
});
