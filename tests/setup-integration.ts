import { vi } from 'vitest';
import { currentTestClaims, currentTestContext, currentTestDb, currentTestReadDb } from './fixtures/test-context';

vi.mock('@/lib/auth/session', () => ({
  getSessionContext: async () => currentTestContext(),
  getSessionClaims: async () => currentTestClaims(),
  requireSession: async () => {
    const context = currentTestContext();
    if (!context) throw new Error('NEXT_REDIRECT /sign-in');
    return context;
  },
}));

vi.mock('@/db', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/db')>();
  return { ...original, getDb: async () => currentTestDb(), getReadDb: async () => currentTestReadDb() };
});

// Outside a Next.js request there is no cache, cookie store or auth handler;
// these stand-ins let server actions run to completion in a test.
vi.mock('next/cache', () => ({
  revalidatePath: () => {},
  revalidateTag: () => {},
  refresh: () => {},
  updateTag: () => {},
}));

vi.mock('next/headers', () => ({
  headers: async () => new Headers({ host: 'localhost:3000', 'x-forwarded-for': '127.0.0.1' }),
  cookies: async () => {
    const store = new Map<string, string>();
    return {
      get: (name: string) => (store.has(name) ? { name, value: store.get(name) } : undefined),
      set: (name: string, value: string) => void store.set(name, value),
      delete: (name: string) => void store.delete(name),
      has: (name: string) => store.has(name),
      getAll: () => [...store.entries()].map(([name, value]) => ({ name, value })),
    };
  },
}));

vi.mock('@/lib/auth/config', () => ({
  auth: async () => null,
  signIn: async () => undefined,
  signOut: async () => undefined,
  unstable_update: async () => null,
  handlers: {
    GET: async () => new Response(null, { status: 404 }),
    POST: async () => new Response(null, { status: 404 }),
  },
}));
