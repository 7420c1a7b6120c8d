import { Check } from 'lucide-react';
import Link from 'next/link';
import { getDb } from '@/db';
import { hasRole } from '@/lib/auth/authorize';
import type { SessionContext } from '@/lib/auth/session';
import { hasOpenCycle } from '@/lib/cycles/current';
import { joinNames, listAdminNames, loadFirstRun } from '@/lib/onboarding/first-run';

/**
 * Home's first-run guidance, addressed to the reader's role: an admin gets the
 * setup checklist until every step is done; anyone else, while nothing is open
 * to rate, learns who opens cycles. Renders nothing once there is nothing to say.
 */
export async function FirstRunChecklist({ context }: { context: SessionContext }) {
  const db = await getDb();
  const organizationId = context.organization.id;

  if (!hasRole(context, 'admin')) {
    if (await hasOpenCycle(db, organizationId)) return null;
    const admins = await listAdminNames(db, organizationId);
    return (
      <section
        aria-labelledby="first-run-heading"
        className="rounded-xl border border-brand-100 bg-brand-50 p-4 sm:p-6"
        data-testid="first-run-member"
      >
        <h2 id="first-run-heading" className="text-lg font-semibold">
          Nothing to rate yet
        </h2>
        <p className="mt-1 text-slate-700">
          {context.organization.name} has no assessment cycle open.{' '}
          {admins.length > 0
            ? `Cycles are opened by ${admins.length === 1 ? 'its admin' : 'its admins'}, ${joinNames(admins)}; you will rate yourself here once one opens.`
            : 'Cycles are opened by its admins; you will rate yourself here once one opens.'}{' '}
          Meanwhile, your profile is at{' '}
          <Link href="/me" className="font-medium text-brand-700 underline hover:text-brand-900">
            My profile
          </Link>
          .
        </p>
      </section>
    );
  }

  const { steps, complete } = await loadFirstRun(db, organizationId);
  if (complete) return null;
  const done = steps.filter((step) => step.done).length;
  const next = steps.find((step) => !step.done);
  return (
    <section
      aria-labelledby="first-run-heading"
      className="rounded-xl border border-brand-100 bg-white p-4 sm:p-6"
      data-testid="first-run-checklist"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="first-run-heading" className="text-lg font-semibold">
          Set up {context.organization.name}
        </h2>
        <p className="text-sm text-slate-600 tabular-nums">
          {done} of {steps.length} done
        </p>
      </div>
      <p className="mt-1 text-sm text-slate-600">
        Four steps, then everyone can rate themselves. This list disappears once they are done.
      </p>
      <ol className="mt-4 space-y-3">
        {steps.map((step, index) => (
          <li
            key={step.id}
            className="flex flex-col gap-2 rounded-lg border border-slate-200 p-3 sm:flex-row sm:items-center sm:justify-between"
            data-step={step.id}
            data-done={step.done || undefined}
          >
            <div className="flex items-start gap-3">
              <span
                aria-hidden="true"
                className={
                  step.done
                    ? 'mt-0.5 flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-green-700 text-white'
                    : 'mt-0.5 flex h-6 w-6 shrink-0 items-center justify-center rounded-full border-2 border-slate-400 text-xs font-semibold text-slate-700'
                }
              >
                {step.done ? <Check className="h-4 w-4" /> : index + 1}
              </span>
              <div>
                <p className="font-medium">
                  {step.title}
                  <span className={step.done ? 'ml-2 text-sm font-normal text-green-800' : 'sr-only'}>
                    {step.done ? 'Done' : 'Not done yet'}
                  </span>
                </p>
                <p className="text-sm text-slate-600">{step.detail}</p>
              </div>
            </div>
            <Link
              href={step.href}
              className={
                step === next
                  ? 'shrink-0 self-start rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 sm:self-center'
                  : 'shrink-0 self-start rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100 sm:self-center'
              }
            >
              {step.action}
            </Link>
          </li>
        ))}
      </ol>
    </section>
  );
}
