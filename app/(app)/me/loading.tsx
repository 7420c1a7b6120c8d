export default function MeLoading() {
  return (
    <div className="space-y-6" aria-busy="true">
      <p role="status" className="sr-only">
        Loading your profile…
      </p>
      <div className="h-8 w-48 animate-pulse rounded bg-slate-200" />
      {[24, 96, 48, 64].map((height, index) => (
        <div key={index} className="animate-pulse rounded-xl border border-slate-200 bg-white p-6">
          <div className="h-5 w-40 rounded bg-slate-200" />
          <div className="mt-4 rounded bg-slate-100" style={{ height: `${height * 4}px` }} />
        </div>
      ))}
    </div>
  );
}
