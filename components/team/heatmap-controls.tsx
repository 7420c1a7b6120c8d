import { RATING_VIEWS, RATING_VIEW_LABELS, type RatingView } from '@/lib/insight/effective-ratings';
import {
  COLUMN_SORTS,
  COLUMN_SORT_LABELS,
  MEMBER_SORTS,
  MEMBER_SORT_LABELS,
  type ColumnSort,
  type MemberSort,
} from '@/lib/insight/heatmap-sort';
import { Select } from '@/components/ui/select';
import { Button } from '@/components/ui/button';

/** A plain GET form: the choices live in the URL (shareable, back button works) and it needs no JavaScript. */
export function HeatmapControls({
  view,
  sort,
  cols,
  columnNoun,
}: {
  view: RatingView;
  sort: MemberSort;
  cols: ColumnSort;
  columnNoun: string;
}) {
  return (
    <form method="get" className="grid grid-cols-2 items-end gap-3 sm:flex sm:flex-wrap" aria-label="Heatmap options">
      <Select
        label="Ratings"
        name="view"
        defaultValue={view}
        options={RATING_VIEWS.map((value) => ({ value, label: RATING_VIEW_LABELS[value] }))}
        className="space-y-1"
      />
      <Select
        label="Sort members"
        name="sort"
        defaultValue={sort}
        options={MEMBER_SORTS.map((value) => ({ value, label: MEMBER_SORT_LABELS[value] }))}
        className="space-y-1"
      />
      <Select
        label={`Order ${columnNoun}`}
        name="cols"
        defaultValue={cols}
        options={COLUMN_SORTS.map((value) => ({ value, label: COLUMN_SORT_LABELS[value] }))}
        className="space-y-1"
      />
      <Button type="submit" variant="secondary">
        Apply
      </Button>
    </form>
  );
}
