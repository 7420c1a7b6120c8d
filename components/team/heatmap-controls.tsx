import { RATING_VIEWS, RATING_VIEW_LABELS } from '@/lib/insight/effective-ratings';
import { COLUMN_SORTS, COLUMN_SORT_LABELS, MEMBER_SORTS, MEMBER_SORT_LABELS } from '@/lib/insight/heatmap-sort';
import { HEATMAP_DEFAULTS, type HeatmapParams } from '@/lib/insight/heatmap-params';
import { Select } from '@/components/ui/select';
import { AutoApplyForm } from '@/components/ui/auto-apply-form';

/** The choices live in the URL (shareable, back button works) and apply as they change; a plain GET form without JavaScript. */
export function HeatmapControls({ params, columnNoun }: { params: HeatmapParams; columnNoun: string }) {
  return (
    <AutoApplyForm
      values={params}
      defaults={HEATMAP_DEFAULTS}
      submitLabel="Apply"
      className="grid grid-cols-2 items-end gap-3 sm:flex sm:flex-wrap"
      aria-label="Heatmap options"
    >
      <Select
        label="Ratings"
        name="view"
        defaultValue={params.view}
        options={RATING_VIEWS.map((value) => ({ value, label: RATING_VIEW_LABELS[value] }))}
        className="space-y-1"
      />
      <Select
        label="Sort members"
        name="sort"
        defaultValue={params.sort}
        options={MEMBER_SORTS.map((value) => ({ value, label: MEMBER_SORT_LABELS[value] }))}
        className="space-y-1"
      />
      <Select
        label={`Order ${columnNoun}`}
        name="cols"
        defaultValue={params.cols}
        options={COLUMN_SORTS.map((value) => ({ value, label: COLUMN_SORT_LABELS[value] }))}
        className="space-y-1"
      />
    </AutoApplyForm>
  );
}
