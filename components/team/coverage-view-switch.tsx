import { Select } from '@/components/ui/select';
import { AutoApplyForm } from '@/components/ui/auto-apply-form';
import { RATING_VIEWS, RATING_VIEW_LABELS, type RatingView } from '@/lib/insight/effective-ratings';

/** The view lives in the URL and applies as it changes; a plain GET form without JavaScript. */
export function RatingViewSwitch({ view, hidden = {} }: { view: RatingView; hidden?: Record<string, string> }) {
  return (
    <AutoApplyForm
      values={{ view }}
      defaults={{ view: 'self' }}
      submitLabel="Show"
      className="flex flex-wrap items-end gap-2"
      aria-label="Coverage view"
    >
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Select
        label="Ratings shown"
        name="view"
        defaultValue={view}
        options={RATING_VIEWS.map((value) => ({ value, label: RATING_VIEW_LABELS[value] }))}
      />
    </AutoApplyForm>
  );
}
