import type { ReactNode } from 'react';
import { AdminNav } from '@/components/admin/admin-nav';
import { requireAdminPage } from '@/lib/members/admin-page';

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const context = await requireAdminPage();
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <p className="text-sm text-slate-600">Organization admin · {context.organization.name}</p>
        <AdminNav />
      </div>
      {children}
    </div>
  );
}
