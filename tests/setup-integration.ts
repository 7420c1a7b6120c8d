import { vi } from 'vitest';
import { currentTestContext, currentTestDb } from './fixtures/test-context';

vi.mock('@/lib/auth/session', () => ({
  getSessionContext: async () => currentTestContext(),
  requireSession: async () => {
    const context = currentTestContext();
    if (!context) throw new Error('NEXT_REDIRECT /sign-in');
    return context;
  },
}));

vi.mock('@/db', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/db')>();
  return { ...original, getDb: async () => currentTestDb() };
});
