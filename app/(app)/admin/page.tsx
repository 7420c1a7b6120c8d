import { redirect } from 'next/navigation';
import { requireAdminPage } from '@/lib/members/admin-page';

export default async function AdminIndexPage() {
  await requireAdminPage();
  redirect('/admin/members');
}
