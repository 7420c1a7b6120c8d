'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Markdown } from '@/components/ui/markdown';
import { importFrameworkTemplateAction } from '@/lib/frameworks/template-actions';
import type { FrameworkTemplateId } from '@/lib/frameworks/templates';

export interface TemplateCard {
  id: FrameworkTemplateId;
  name: string;
  description: string | null;
  audience: string;
  areas: number;
  sections: number;
  skills: number;
  importedFrameworkId: string | null;
}

type Outcome = { templateId: FrameworkTemplateId; ok: boolean; text: string; frameworkId?: string };

/** "Start from a template": each starter framework, its size, and one button that imports it. */
export function TemplateLibrary({ templates }: { templates: TemplateCard[] }) {
  const id = useId();
  const router = useRouter();
  const [pendingId, setPendingId] = useState<FrameworkTemplateId | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [, startTransition] = useTransition();

  const onImport = (templateId: FrameworkTemplateId) => {
    setPendingId(templateId);
    setOutcome(null);
    startTransition(async () => {
      const result = await importFrameworkTemplateAction({ templateId });
      setPendingId(null);
      setOutcome(
        result.ok
          ? {
              templateId,
              ok: true,
              text: result.message ?? 'Imported.',
              ...(result.data ? { frameworkId: result.data.frameworkId } : {}),
            }
          : { templateId, ok: false, text: result.error },
      );
      router.refresh();
    });
  };

  return (
    <section
      id="templates"
      aria-labelledby={`${id}-heading`}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-6"
    >
      <div>
        <h2 id={`${id}-heading`} className="text-lg font-semibold">
          Start from a template
        </h2>
        <p className="text-sm text-slate-600">
          Starter frameworks written for Skillgrid, each with areas, sections and a 0–4 scale with descriptors. One
          click imports a copy as version 1; after that it is yours to rename, extend or trim.
        </p>
      </div>
      <ul className="grid gap-3 md:grid-cols-2">
        {templates.map((template) => {
          const result = outcome?.templateId === template.id ? outcome : null;
          return (
            <li
              key={template.id}
              className="flex flex-col gap-3 rounded-md border border-slate-200 p-4"
              data-testid={`template-${template.id}`}
            >
              <div className="space-y-1">
                <h3 className="font-semibold break-words">{template.name}</h3>
                <p className="text-sm text-slate-700">{template.audience}</p>
                {template.description ? (
                  <p className="text-sm text-slate-600">
                    <Markdown inline>{template.description}</Markdown>
                  </p>
                ) : null}
                <p className="text-sm text-slate-600 tabular-nums">
                  {template.skills} skills · {template.sections} sections · {template.areas} areas
                </p>
              </div>
              <div className="mt-auto flex flex-wrap items-center gap-3">
                {template.importedFrameworkId ? (
                  <>
                    <span className="rounded-full bg-green-50 px-2 py-0.5 text-xs font-medium text-green-900">
                      Imported
                    </span>
                    <Link
                      href={`/admin/frameworks/${template.importedFrameworkId}`}
                      className="text-sm font-medium text-brand-700 underline hover:text-brand-900"
                    >
                      Edit<span className="sr-only"> {template.name}</span>
                    </Link>
                  </>
                ) : (
                  <Button
                    variant="secondary"
                    onClick={() => onImport(template.id)}
                    disabled={pendingId !== null}
                    aria-label={`Import ${template.name}`}
                  >
                    {pendingId === template.id ? 'Importing…' : 'Import'}
                  </Button>
                )}
              </div>
              <div aria-live="polite">
                {result ? (
                  <p
                    role={result.ok ? 'status' : 'alert'}
                    className={
                      result.ok
                        ? 'rounded-md bg-green-50 px-3 py-2 text-sm text-green-900'
                        : 'rounded-md bg-red-50 px-3 py-2 text-sm text-red-800'
                    }
                  >
                    {result.text}
                  </p>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
