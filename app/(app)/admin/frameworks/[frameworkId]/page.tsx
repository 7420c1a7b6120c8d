import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { FrameworkTree } from '@/components/frameworks/editor/framework-tree';
import { AddNodeForm, LevelForm } from '@/components/frameworks/editor/node-forms';
import { getDb } from '@/db';
import { loadEditableFramework } from '@/lib/frameworks/edit';
import { requireAdminPage } from '@/lib/members/admin-page';
import { DataTable } from '@/components/ui/table';
import { formatDateTime } from '@/lib/format/date';
import { requestLocale } from '@/lib/format/request-locale';

export const metadata: Metadata = { title: 'Edit framework' };

export default async function EditFrameworkPage({ params }: { params: Promise<{ frameworkId: string }> }) {
  const context = await requireAdminPage();
  const parsedId = z.guid().safeParse((await params).frameworkId);
  if (!parsedId.success) notFound();
  const db = await getDb();
  const locale = await requestLocale();
  const framework = await loadEditableFramework(db, context.organization.id, parsedId.data);
  if (!framework) notFound();

  return (
    <div className="space-y-8">
      <div className="space-y-1">
        <p className="text-sm">
          <Link href="/admin/frameworks" className="text-brand-700 underline">
            Frameworks
          </Link>
        </p>
        <h1 className="text-2xl font-semibold text-slate-900">{framework.name}</h1>
        <p className="text-sm text-slate-600">
          <span className="font-medium text-slate-900" data-testid="framework-version">
            Version {framework.version}
          </span>{' '}
          · every change below is published at once as a new version. Archived skills leave /assess but keep their
          ratings and stay in past cycles’ reports.
        </p>
      </div>

      <section aria-labelledby="tree-heading" className="space-y-3">
        <h2 id="tree-heading" className="text-lg font-semibold text-slate-900">
          Skills
        </h2>
        <FrameworkTree frameworkId={framework.id} nodes={framework.nodes} />
        <details className="max-w-xl">
          <summary className="cursor-pointer rounded px-2 py-1 text-sm text-brand-700 hover:bg-brand-50">
            Add an area
          </summary>
          <div className="mt-2 rounded-md border border-slate-200 bg-white p-3">
            <AddNodeForm frameworkId={framework.id} parentId={null} kinds={['area']} idPrefix="add-area" />
          </div>
        </details>
      </section>

      <section aria-labelledby="levels-heading" className="space-y-3">
        <h2 id="levels-heading" className="text-lg font-semibold text-slate-900">
          Proficiency scale
        </h2>
        {framework.levels.length === 0 ? (
          <p className="text-sm text-slate-600">This framework has no proficiency levels.</p>
        ) : (
          <div className="space-y-4">
            {framework.levels.map((level) => (
              <LevelForm key={level.level} frameworkId={framework.id} level={level} />
            ))}
          </div>
        )}
      </section>

      <section aria-labelledby="versions-heading" className="space-y-3">
        <h2 id="versions-heading" className="text-lg font-semibold text-slate-900">
          Recent versions
        </h2>
        <DataTable label={`Recent versions of ${framework.name}`} className="min-w-[32rem]" framed={false}>
          <thead>
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">
                Version
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                Source
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                Changes
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                When
              </th>
            </tr>
          </thead>
          <tbody>
            {framework.versions.map((row) => (
              <tr key={row.version}>
                <td className="py-2 pr-4">{row.version}</td>
                <td className="py-2 pr-4">{row.sourceFormat}</td>
                <td className="py-2 pr-4">
                  {row.changes.added} added, {row.changes.renamed} renamed, {row.changes.archived} archived,{' '}
                  {row.changes.restored} restored
                </td>
                <td className="py-2 pr-4">
                  <time dateTime={row.createdAt.toISOString()}>{formatDateTime(row.createdAt, locale)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      </section>
    </div>
  );
}
