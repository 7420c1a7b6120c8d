export default function TeamLoading() {
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
