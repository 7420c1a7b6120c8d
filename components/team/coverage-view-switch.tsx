import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import { RATING_VIEWS, RATING_VIEW_LABELS, type RatingView } from '@/lib/insight/effective-ratings';

/** A plain GET form: the view lives in the URL and works without JavaScript. */
export function RatingViewSwitch({ view, hidden = {} }: { view: RatingView; hidden?: Record<string, string> }) {
  return (
    <form method="get" className="flex flex-wrap items-end gap-2">
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Select
        label="Ratings shown"
        name="view"
        defaultValue={view}
        options={RATING_VIEWS.map((value) => ({ value, label: RATING_VIEW_LABELS[value] }))}
      />
      <Button type="submit" variant="secondary">
        Show
      </Button>
    </form>
  );
}
