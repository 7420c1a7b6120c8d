import { Select } from '@/components/ui/select';
import { AutoApplyForm } from '@/components/ui/auto-apply-form';

/** Choosing another framework reloads the tree for it as it changes (the choice is in the URL); a GET form without JavaScript. */
export function FrameworkPicker({
  basePath,
  frameworks,
  current,
}: {
  basePath: string;
  frameworks: { id: string; name: string }[];
  current: string;
}) {
  return (
    <AutoApplyForm
      action={basePath}
      values={{ framework: current }}
      submitLabel="Show"
      className="flex flex-wrap items-end gap-2"
    >
      <Select
        label="Framework"
        name="framework"
        id="target-framework"
        defaultValue={current}
        options={frameworks.map((framework) => ({ value: framework.id, label: framework.name }))}
        className="min-w-56 space-y-1"
      />
    </AutoApplyForm>
  );
}
