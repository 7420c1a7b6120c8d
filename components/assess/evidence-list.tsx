import type { EvidenceLink } from '@/lib/assessments/evidence-limits';

/** A read-only list of evidence links (calibration); each opens in a new tab without access to this page. */
export function EvidenceLinkList({ links, skillName }: { links: readonly EvidenceLink[]; skillName: string }) {
  if (links.length === 0) return null;
  return (
    <div className="mt-1">
      <p className="text-xs font-normal text-slate-600">
        Evidence<span className="sr-only"> for {skillName}</span>:
      </p>
      <ul className="space-y-0.5 text-xs font-normal">
        {links.map((link) => (
          <li key={link.url} className="break-all">
            <a href={link.url} target="_blank" rel="noopener noreferrer" className="text-brand-700 underline">
              {link.label}
            </a>
            <span className="sr-only"> (opens in a new tab)</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
