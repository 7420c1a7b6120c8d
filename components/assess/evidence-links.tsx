'use client';

import { createContext, useContext, useId, useState, type ReactNode } from 'react';
import { EVIDENCE_LABEL_MAX, EVIDENCE_MAX_LINKS, type EvidenceLink } from '@/lib/assessments/evidence-limits';
import { saveEvidenceAction } from '@/lib/assessments/evidence-actions';

/**
 * The member's evidence links in /assess, handed over once for the page rather than as an
 * `{ cycleId, links: [] }` object on each of a framework's skills (320 at 10,000 members: ~20 KB of the
 * page's inline payload, parsed on load; issue 23). Only skills with links appear in `links`.
 */
export interface PageEvidence {
  cycleId: string;
  links: Readonly<Record<string, readonly EvidenceLink[]>>;
}

const Evidence = createContext<PageEvidence | null>(null);

export function EvidenceProvider({ evidence, children }: { evidence: PageEvidence | null; children: ReactNode }) {
  return <Evidence.Provider value={evidence}>{children}</Evidence.Provider>;
}

const NO_LINKS: readonly EvidenceLink[] = [];

/** A skill's evidence and the cycle to save it in; null when the page takes no evidence. */
export function useEvidence(skillId: string): { cycleId: string; links: readonly EvidenceLink[] } | null {
  const evidence = useContext(Evidence);
  return evidence ? { cycleId: evidence.cycleId, links: evidence.links[skillId] ?? NO_LINKS } : null;
}

/**
 * "Evidence (n)" under a skill in /assess: a disclosure with the links, a
 * remove button per link and a small add form. Every change saves the whole
 * list at once; the server's answer (or its error) is announced.
 */
export function EvidenceEditor({
  cycleId,
  skillId,
  skillName,
  initial,
  readOnly,
}: {
  cycleId: string;
  skillId: string;
  skillName: string;
  initial: readonly EvidenceLink[];
  readOnly: boolean;
}) {
  const id = useId();
  const panelId = `${id}-panel`;
  const [open, setOpen] = useState(false);
  const [links, setLinks] = useState<EvidenceLink[]>([...initial]);
  const [url, setUrl] = useState('');
  const [label, setLabel] = useState('');
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, setPending] = useState(false);

  const save = async (next: EvidenceLink[]): Promise<boolean> => {
    setPending(true);
    try {
      const result = await saveEvidenceAction({ cycleId, skillId, links: next });
      if (result.ok) {
        setLinks(result.data?.links ?? next);
        setStatus({ ok: true, text: result.message ?? 'Saved.' });
        return true;
      }
      const detail = Object.values(result.fieldErrors ?? {}).flat()[0];
      setStatus({ ok: false, text: detail ? `${result.error} ${detail}` : result.error });
      return false;
    } catch {
      setStatus({ ok: false, text: 'Could not save the evidence. Check your connection and try again.' });
      return false;
    } finally {
      setPending(false);
    }
  };

  const full = links.length >= EVIDENCE_MAX_LINKS;

  return (
    <div className="mt-2">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
        className="rounded-md px-2 py-1 text-sm text-brand-700 underline-offset-2 hover:underline"
      >
        Evidence ({links.length})<span className="sr-only"> for {skillName}</span>
      </button>
      {open ? (
        <div id={panelId} className="mt-2 space-y-3 rounded-md border border-slate-200 bg-white p-3">
          {links.length === 0 ? (
            <p className="text-sm text-slate-600">
              No links yet: a pull request, a design document or an incident review.
            </p>
          ) : (
            <ul className="space-y-1 text-sm">
              {links.map((link) => (
                <li key={link.url} className="flex flex-wrap items-center gap-2">
                  <a
                    href={link.url}
                    target="_blank"
                    rel="noopener noreferrer"
                    className="break-all text-brand-700 underline"
                  >
                    {link.label}
                  </a>
                  <span className="sr-only"> (opens in a new tab)</span>
                  {readOnly ? null : (
                    <button
                      type="button"
                      disabled={pending}
                      onClick={() => void save(links.filter((item) => item.url !== link.url))}
                      className="rounded px-1.5 py-0.5 text-xs text-red-700 hover:bg-red-50 disabled:opacity-60"
                    >
                      Remove<span className="sr-only"> {link.label}</span>
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {readOnly ? null : full ? (
            <p className="text-sm text-slate-600">
              {EVIDENCE_MAX_LINKS} links is the most a rating can hold; remove one to add another.
            </p>
          ) : (
            <form
              className="grid gap-2 sm:grid-cols-[1fr_12rem_auto] sm:items-end"
              onSubmit={async (event) => {
                event.preventDefault();
                if (await save([...links, { url: url.trim(), label: label.trim() }])) {
                  setUrl('');
                  setLabel('');
                }
              }}
            >
              <div className="space-y-1">
                <label htmlFor={`${id}-url`} className="block text-xs font-medium text-slate-800">
                  Link (http or https)
                </label>
                <input
                  id={`${id}-url`}
                  type="url"
                  required
                  maxLength={2000}
                  value={url}
                  onChange={(event) => setUrl(event.target.value)}
                  placeholder="https://"
                  className="block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm"
                />
              </div>
              <div className="space-y-1">
                <label htmlFor={`${id}-label`} className="block text-xs font-medium text-slate-800">
                  Label
                </label>
                <input
                  id={`${id}-label`}
                  type="text"
                  required
                  maxLength={EVIDENCE_LABEL_MAX}
                  value={label}
                  onChange={(event) => setLabel(event.target.value)}
                  className="block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm"
                />
              </div>
              <button
                type="submit"
                disabled={pending}
                className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
              >
                {pending ? 'Saving…' : 'Add link'}
              </button>
            </form>
          )}
          <p aria-live="polite" className="text-sm">
            {status ? <span className={status.ok ? 'text-green-800' : 'text-red-700'}>{status.text}</span> : null}
          </p>
        </div>
      ) : null}
    </div>
  );
}
