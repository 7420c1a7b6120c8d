import Link from 'next/link';
import { getDb } from '@/db';
import type { Actor } from '@/lib/auth/authorize';
import { listMemberCertifications } from '@/lib/trust/certifications';
import { listEndorsableTeammates, listEndorsements } from '@/lib/trust/endorsements';
import { validityText } from './certification-table';
import { EndorsementList } from './endorsement-list';

/**
 * The profile's trust sections (issue 22): who endorsed which of my ratings,
 * the teammates I can endorse, and my certifications at a glance.
 */
export async function MyTrustSections({ actor, cycleId }: { actor: Actor; cycleId: string }) {
  const db = await getDb();
  const organizationId = actor.membership.organizationId;
  // Three reads; whether endorsements are on is asked on the teammate's page, where it matters.
  const [endorsements, teammates, certifications] = await Promise.all([
    listEndorsements(db, { organizationId, membershipId: actor.membership.id, compareCycleId: cycleId }),
    listEndorsableTeammates(db, actor),
    listMemberCertifications(db, organizationId, actor.membership.id),
  ]);
  const box = 'rounded-xl border border-slate-200 bg-white p-4 sm:p-6';
  return (
    <>
      <section aria-labelledby="endorsements-heading" className={box}>
        <h2 id="endorsements-heading" className="text-lg font-semibold">
          Endorsements of my ratings
        </h2>
        {endorsements.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600">
            No endorsements yet. Teammates and your managers can endorse the skills you have rated.
          </p>
        ) : (
          <>
            <p className="mt-1 text-sm text-slate-600">
              {endorsements.length} endorsement{endorsements.length === 1 ? '' : 's'}. One given for another level than
              your rating now holds is marked.
            </p>
            <EndorsementList endorsements={endorsements} showLevels showSkill />
          </>
        )}
        {teammates.length > 0 ? (
          <div className="mt-4">
            <h3 className="text-sm font-semibold">Endorse a teammate</h3>
            <ul className="mt-1 flex flex-wrap gap-2 text-sm">
              {teammates.map((mate) => (
                <li key={mate.membershipId}>
                  <Link
                    href={`/people/${mate.membershipId}`}
                    className="inline-block rounded-full border border-slate-300 px-3 py-1 text-brand-700 hover:bg-slate-100"
                  >
                    {mate.name}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="my-certs-heading" className={box}>
        <h2 id="my-certs-heading" className="text-lg font-semibold">
          My certifications
        </h2>
        {certifications.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600">None recorded yet.</p>
        ) : (
          <ul className="mt-2 space-y-1 text-sm">
            {certifications.map((cert) => (
              <li key={cert.id}>
                <span className="font-medium">{cert.name}</span> ·{' '}
                <span className={cert.valid ? 'text-emerald-800' : 'text-red-700'}>{validityText(cert)}</span>
              </li>
            ))}
          </ul>
        )}
        <p className="mt-3 text-sm">
          <Link href="/me/certifications" className="font-medium text-brand-700 underline underline-offset-2">
            {certifications.length === 0 ? 'Add a certification' : 'Manage my certifications'}
          </Link>
        </p>
      </section>
    </>
  );
}
