import type { FrameworkPreview } from '@/lib/frameworks/preview';
import type { NodeChange } from '@/lib/frameworks/plan';

const KIND_LABEL = { area: 'Area', category: 'Section', group: 'Group', skill: 'Skill' } as const;
const LIST_LIMIT = 200;

function ChangeList({
  title,
  items,
  describe,
}: {
  title: string;
  items: NodeChange[];
  describe: (item: NodeChange) => string;
}) {
  if (items.length === 0) return null;
  return (
    <details open={items.length <= 20} className="rounded-md border border-slate-200 p-3">
      <summary className="cursor-pointer text-sm font-medium">
        {title} ({items.length})
      </summary>
      <ul className="mt-2 max-h-72 space-y-1 overflow-auto text-sm">
        {items.slice(0, LIST_LIMIT).map((item) => (
          <li key={item.key} className="break-words">
            <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
              {KIND_LABEL[item.kind]}
            </span>
            {describe(item)} <code className="text-xs text-slate-500">{item.key}</code>
          </li>
        ))}
        {items.length > LIST_LIMIT ? <li className="text-slate-600">… and {items.length - LIST_LIMIT} more</li> : null}
      </ul>
    </details>
  );
}

/** The tree summary and the diff lists of an upload, before anything is written. */
export function FrameworkPreviewView({ preview }: { preview: FrameworkPreview }) {
  const { changes, counts } = preview;
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">
        {preview.currentVersion === null
          ? `A new framework “${preview.key}”.`
          : `Compared with version ${preview.currentVersion} of “${preview.key}”.`}{' '}
        {counts.area} areas, {counts.category} sections, {counts.group > 0 ? `${counts.group} groups, ` : ''}
        {counts.skill} skills.
      </p>
      {!preview.hasChanges ? (
        <p role="status" className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
          The file matches the current version: importing it would change nothing.
        </p>
      ) : null}

      {preview.droppedCount > 0 ? (
        <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          <p className="font-medium">
            {preview.droppedCount === 1
              ? '1 part of a description will not be imported:'
              : `${preview.droppedCount} parts of descriptions will not be imported:`}{' '}
            descriptions keep Markdown (code, emphasis, links) but not raw HTML or images (an image keeps its alt text).
          </p>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            {preview.dropped.map((item, index) => (
              <li key={index} className="break-words">
                {item.line === undefined ? '' : `Line ${item.line}: `}
                {item.kind === 'html' ? 'HTML ' : 'image '}
                <code className="rounded bg-white px-1">{item.text || '(no alt text)'}</code>
              </li>
            ))}
            {preview.droppedCount > preview.dropped.length ? (
              <li>… and {preview.droppedCount - preview.dropped.length} more</li>
            ) : null}
          </ul>
        </div>
      ) : null}

      <details open={preview.tree.length <= 20} className="rounded-md border border-slate-200 p-3">
        <summary className="cursor-pointer text-sm font-medium">Tree</summary>
        <ul className="mt-2 space-y-2 text-sm">
          {preview.tree.map((area) => (
            <li key={area.key}>
              <span className="font-medium">{area.name}</span>
              {area.children.length > 0 ? (
                <ul className="ml-4 list-disc pl-4 text-slate-700">
                  {area.children.map((section) => (
                    <li key={section.key}>
                      {section.name} — {section.skills} {section.skills === 1 ? 'skill' : 'skills'}
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="text-slate-600"> — {area.skills} skills</span>
              )}
            </li>
          ))}
        </ul>
      </details>

      <div className="grid gap-3 lg:grid-cols-2">
        <ChangeList title="Added" items={changes.added} describe={(item) => item.name} />
        <ChangeList
          title="Renamed or re-described"
          items={changes.renamed}
          describe={(item) =>
            item.before && item.before.name !== item.name
              ? `${item.before.name} → ${item.name}`
              : `${item.name} (new description)`
          }
        />
        <ChangeList
          title="Moved"
          items={changes.moved}
          describe={(item) =>
            `${item.name}: ${item.before?.parentKey ?? 'top level'} → ${item.after?.parentKey ?? 'top level'}`
          }
        />
        <ChangeList
          title="Archived (missing from the file; ratings are kept)"
          items={changes.archived}
          describe={(item) => item.name}
        />
        <ChangeList title="Restored" items={changes.restored} describe={(item) => item.name} />
      </div>
      {preview.levelsChanged ? <p className="text-sm text-slate-700">The proficiency levels change.</p> : null}
      {preview.nameChanged ? (
        <p className="text-sm text-slate-700">The framework’s name or description changes.</p>
      ) : null}
      {preview.reordered ? <p className="text-sm text-slate-700">Some nodes change order.</p> : null}
    </div>
  );
}
