const SHORTCUTS: [string, string][] = [
  ['0 – 4', 'rate the focused skill (then move to the next)'],
  ['n', 'not applicable (then move to the next)'],
  ['i', 'toggle “I want to grow here”'],
  ['c', 'confirm a rating carried over from last cycle as still true (then move to the next)'],
  ['j / ↓', 'next skill'],
  ['k / ↑', 'previous skill'],
  ['g, then 1–9 or a–z', 'jump to a section (g alone opens the section list)'],
  ['?', 'show or hide this help'],
  ['Esc', 'close the section list, leave a note field'],
];

/** Always reachable, never a surprise: the shortcuts are listed on the page. */
export function KeyboardHelp({ open, onToggle }: { open: boolean; onToggle: (open: boolean) => void }) {
  return (
    <details
      open={open}
      onToggle={(event) => onToggle(event.currentTarget.open)}
      className="rounded-lg border border-slate-200 bg-white p-3 text-sm"
    >
      <summary className="cursor-pointer font-medium text-slate-800">Keyboard shortcuts</summary>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        {SHORTCUTS.map(([keys, what]) => (
          <div key={keys} className="contents">
            <dt>
              <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs">{keys}</kbd>
            </dt>
            <dd className="text-slate-700">{what}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-2 text-xs text-slate-500">Shortcuts pause while you type in a note.</p>
    </details>
  );
}
