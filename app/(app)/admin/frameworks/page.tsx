import type { Metadata } from 'next';
import Link from 'next/link';
import { FrameworkAssignmentForm } from '@/components/frameworks/assignment/framework-assignment-form';
import { FrameworkUpload } from '@/components/frameworks/upload/framework-upload';
import { TemplateLibrary } from '@/components/frameworks/upload/template-library';
import { getDb } from '@/db';
import { loadFrameworkAssignments } from '@/lib/frameworks/assignment';
import { listFrameworks, VERSION_HISTORY_LIMIT } from '@/lib/frameworks/list';
import { listFrameworkTemplates } from '@/lib/frameworks/templates';
import { requireAdminPage } from '@/lib/members/admin-page';
import { DataTable } from '@/components/ui/table';
import { formatDateTime } from '@/lib/format/date';
import { requestLocale } from '@/lib/format/request-locale';

export const metadata: Metadata = { title: 'Frameworks' };

const FORMAT_LABEL: Record<string, string> = {
  markdown: 'Markdown',
  json: 'JSON',
  csv: 'CSV',
  edit: 'Edited in place',
  snapshot: 'Recorded as it was',
};

export default async function FrameworksPage() {
  const context = await requireAdminPage();
  const db = await getDb();
  const locale = await requestLocale();
  const [list, templates, assignments] = await Promise.all([
    listFrameworks(db, context.organization.id),
    listFrameworkTemplates(db, context.organization.id),
    loadFrameworkAssignments(db, context.organization.id),
  ]);
  const frameworkName = new Map(list.map((framework) => [framework.id, framework.name]));
  const overrides = assignments.teams.filter((team) => team.frameworkId !== null);

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Frameworks</h1>
        <p className="text-slate-600">
          The skills your organization assesses. Import a new version from a file, edit in place, or export one to work
          on it elsewhere.
        </p>
      </div>

      <section aria-labelledby="frameworks-heading" className="space-y-3">
        <h2 id="frameworks-heading" className="text-lg font-semibold">
          Your frameworks
        </h2>
        {list.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-slate-600">
            No framework yet. Start from a template below in one click, or import your own file.
          </p>
        ) : (
          <ul className="space-y-4">
            {list.map((framework) => (
              <li
                key={framework.id}
                className="rounded-lg border border-slate-200 bg-white p-4"
                data-testid={`framework-${framework.key}`}
              >
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div>
                    <h3 className="font-semibold">
                      {framework.name} <span className="font-normal text-slate-600">· version {framework.version}</span>
                      {framework.isDefault ? (
                        <span className="ml-2 rounded-full bg-brand-100 px-2 py-0.5 text-xs font-medium text-brand-900">
                          Default
                        </span>
                      ) : null}
                    </h3>
                    <p className="text-sm text-slate-600">
                      <code>{framework.key}</code> · {framework.areas} areas · {framework.sections} sections ·{' '}
                      {framework.skills} skills
                      {framework.archived > 0 ? ` · ${framework.archived} archived` : ''}
                    </p>
                  </div>
                  <div className="flex flex-wrap items-center gap-2 text-sm">
                    <Link
                      href={`/admin/frameworks/${framework.id}`}
                      className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100"
                    >
                      Edit<span className="sr-only"> {framework.name}</span>
                    </Link>
                    <span className="text-slate-600">Export:</span>
                    {(['md', 'csv', 'json'] as const).map((format) => (
                      <a
                        key={format}
                        href={`/api/frameworks/${framework.key}/export?format=${format}`}
                        download
                        className="text-brand-700 underline hover:text-brand-900"
                      >
                        {format.toUpperCase()}
                        <span className="sr-only"> of {framework.name}</span>
                      </a>
                    ))}
                  </div>
                </div>
                <details className="mt-3">
                  <summary className="cursor-pointer text-sm font-medium text-slate-700">Version history</summary>
                  {framework.versions.length === 0 ? (
                    <p className="mt-2 text-sm text-slate-600">No recorded versions.</p>
                  ) : (
                    <div className="mt-2">
                      <DataTable
                        label={`Versions of ${framework.name}, newest first`}
                        className="min-w-[40rem]"
                        framed={false}
                        limitHeight={false}
                      >
                        <thead>
                          <tr>
                            <th scope="col" className="py-1 pr-4 font-medium">
                              Version
                            </th>
                            <th scope="col" className="py-1 pr-4 font-medium">
                              When
                            </th>
                            <th scope="col" className="py-1 pr-4 font-medium">
                              Source
                            </th>
                            <th scope="col" className="py-1 pr-4 font-medium">
                              By
                            </th>
                            <th scope="col" className="py-1 pr-4 font-medium">
                              Changes
                            </th>
                            <th scope="col" className="py-1 font-medium">
                              Export
                            </th>
                          </tr>
                        </thead>
                        <tbody>
                          {framework.versions.map((version) => (
                            <tr key={version.version} className="border-t border-slate-100">
                              <td className="py-1 pr-4">{version.version}</td>
                              <td className="py-1 pr-4 whitespace-nowrap">
                                {formatDateTime(version.createdAt, locale)}
                              </td>
                              <td className="py-1 pr-4">
                                {FORMAT_LABEL[version.sourceFormat] ?? version.sourceFormat}
                              </td>
                              <td className="py-1 pr-4">{version.createdBy ?? '—'}</td>
                              <td className="py-1 pr-4">
                                +{version.changes.added} added, {version.changes.renamed} renamed or moved,{' '}
                                {version.changes.archived} archived, {version.changes.restored} restored
                              </td>
                              <td className="py-1 whitespace-nowrap">
                                {version.hasSnapshot ? (
                                  (['md', 'csv', 'json'] as const).map((format) => (
                                    <a
                                      key={format}
                                      href={`/api/frameworks/${framework.key}/export?format=${format}&version=${version.version}`}
                                      download
                                      className="mr-2 text-brand-700 underline hover:text-brand-900"
                                    >
                                      {format.toUpperCase()}
                                      <span className="sr-only">
                                        {' '}
                                        of {framework.name} version {version.version}
                                      </span>
                                    </a>
                                  ))
                                ) : (
                                  <span className="text-slate-600">not recorded</span>
                                )}
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </DataTable>
                      {framework.versions.length === VERSION_HISTORY_LIMIT ? (
                        <p className="mt-1 text-xs text-slate-600">
                          The latest {VERSION_HISTORY_LIMIT} versions; the audit log has them all.
                        </p>
                      ) : null}
                    </div>
                  )}
                </details>
              </li>
            ))}
          </ul>
        )}
      </section>

      {/*
        One place whether or not the organization has frameworks yet: when it moved from here (empty) to the
        bottom (not empty), importing the first template remounted it, and its "Imported … as version 1."
        vanished with the refresh that the import itself triggers.
      */}
      <TemplateLibrary templates={templates} />

      <section
        aria-labelledby="assignment-heading"
        className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
      >
        <h2 id="assignment-heading" className="text-lg font-semibold">
          Who assesses against which framework
        </h2>
        <p className="text-sm text-slate-600">
          A new cycle uses the team’s framework for a team cycle, otherwise the organization’s default, unless you
          choose another when opening it. Each cycle keeps the framework version it was opened with: later edits do not
          change it.
        </p>
        <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium text-slate-700">Organization default</dt>
          <dd>
            {assignments.defaultFrameworkId
              ? (frameworkName.get(assignments.defaultFrameworkId) ?? '—')
              : 'None assigned'}
          </dd>
          {overrides.map((team) => (
            <div key={team.id} className="contents">
              <dt className="font-medium text-slate-700">Team {team.name}</dt>
              <dd>{team.frameworkId ? (frameworkName.get(team.frameworkId) ?? '—') : '—'}</dd>
            </div>
          ))}
        </dl>
        {list.length === 0 ? (
          <p className="text-sm text-slate-600">Import a framework first.</p>
        ) : (
          <FrameworkAssignmentForm
            frameworks={list.map(({ id, name }) => ({ id, name }))}
            teams={assignments.teams.map(({ id, name }) => ({ id, name }))}
          />
        )}
      </section>

      <FrameworkUpload />
    </div>
  );
}
