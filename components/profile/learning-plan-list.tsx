import type { PlanStage } from '@/lib/profile/learning-plan';
import type { LevelName } from '@/lib/profile/levels';
import { levelLabel } from './gaps-table';

export function LearningPlanList({ plan, levels }: { plan: PlanStage[]; levels: LevelName[] }) {
  return (
    <ol className="space-y-4">
      {plan.map((entry, index) => (
        <li key={entry.stage?.key ?? 'unstaged'} className="rounded-lg border border-slate-200 p-4">
          <h3 className="font-semibold text-slate-900">
            <span className="mr-2 inline-flex size-6 items-center justify-center rounded-full bg-brand-100 text-sm text-brand-900">
              {index + 1}
            </span>
            {entry.stage?.name ?? 'Skills to grow'}
          </h3>
          {entry.stage ? (
            <details className="mt-2 text-sm">
              <summary className="cursor-pointer text-brand-700">Steps of this stage</summary>
              <ol className="mt-2 list-decimal space-y-1 pl-6 text-slate-700">
                {entry.stage.steps.map((step) => (
                  <li key={step}>{step}</li>
                ))}
              </ol>
            </details>
          ) : null}
          <ul className="mt-3 divide-y divide-slate-100">
            {entry.items.map((item) => (
              <li key={item.skillId} className="py-2 text-sm">
                <div className="flex flex-wrap items-baseline justify-between gap-x-4">
                  <p>
                    <span className="font-medium text-slate-900">{item.skillName}</span>{' '}
                    <span className="text-slate-600">· {item.sectionName}</span>
                  </p>
                  <p className="text-slate-700">
                    {item.notRated ? 'not rated' : levelLabel(levels, item.current ?? 0)} →{' '}
                    {levelLabel(levels, item.target)}
                  </p>
                </div>
                <p className="mt-0.5 text-slate-600">
                  {item.mentors.length > 0 ? (
                    <>Ask: {item.mentors.join(' or ')}</>
                  ) : (
                    'No teammate at Advanced or above yet.'
                  )}
                </p>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
