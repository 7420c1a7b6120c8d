import type { ReactNode } from 'react';
import { AppHeader } from '@/components/layout/app-header';
import { requireSession } from '@/lib/auth/session';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const context = await requireSession();
  return (
    <>
      <AppHeader context={context} />
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </>
  );
}
