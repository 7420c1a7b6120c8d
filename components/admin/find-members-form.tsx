import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';

/** A GET search that narrows the people a page offers to add (`?find=`), keeping the page's other params. */
export function FindMembersForm({
  action,
  label,
  find,
  children,
}: {
  action: string;
  label: string;
  find: string | undefined;
  /** Hidden fields for the page's other params. */
  children?: ReactNode;
}) {
  return (
    <search>
      <form method="get" action={action} className="flex flex-wrap items-end gap-2">
        {children}
        <div className="min-w-56 flex-1">
          <TextField label={label} name="find" type="search" defaultValue={find} maxLength={100} />
        </div>
        <Button type="submit" variant="secondary">
          Find
        </Button>
      </form>
    </search>
  );
}
