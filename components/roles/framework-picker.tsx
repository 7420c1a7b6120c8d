import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';

/** A plain GET form: choosing another framework reloads the tree for it, with or without JavaScript. */
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
    <form method="get" action={basePath} className="flex flex-wrap items-end gap-2">
      <Select
        label="Framework"
        name="framework"
        id="target-framework"
        defaultValue={current}
        options={frameworks.map((framework) => ({ value: framework.id, label: framework.name }))}
        className="min-w-56 space-y-1"
      />
      <Button type="submit" variant="secondary">
        Show
      </Button>
    </form>
  );
}
