/**
 * The team tabs' loading state. Each tab's folder has a `loading.tsx` re-exporting this, except the
 * heatmap (the team's index page): a loading boundary there made its first load stream the skeleton,
 * then the whole heatmap in a hidden element, revealed by a script only at the end of the document — the
 * page's largest text painted late and the parsing and layout of the table fell after the first paint,
 * inside total blocking time (issue 23). Going to the heatmap from another tab shows the tab as pending.
 */
export function TeamLoading() {
  return (
    <div className="space-y-6" aria-busy="true">
      <p role="status" className="sr-only">
        Loading the team…
      </p>
      <div className="h-10 w-full max-w-xl animate-pulse rounded bg-slate-200" />
      <div className="h-96 animate-pulse rounded-lg border border-slate-200 bg-slate-100" />
      <div className="h-72 animate-pulse rounded-lg border border-slate-200 bg-slate-100" />
    </div>
  );
}
