import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionButtonForm } from '@/components/admin/action-button-form';
import { CertificationForm } from '@/components/trust/certification-form';
import { CredentialLink, validityText } from '@/components/trust/certification-table';
import { getDb } from '@/db';
import { requireRole } from '@/lib/auth/authorize';
import { requireSession } from '@/lib/auth/session';
import { findCurrentCycle } from '@/lib/cycles/current';
import { todayIso } from '@/lib/cycles/state';
import { listFinderSkills } from '@/lib/people/finder';
import { deleteCertificationAction } from '@/lib/trust/certification-actions';
import { listMemberCertifications } from '@/lib/trust/certifications';

export const metadata: Metadata = { title: 'My certifications' };

/**
 * The member's own certifications (issue 22): the list with validity in words,
 * and the form to add one. Ids come from the session, never from the URL.
 */
export default async function MyCertificationsPage() {
  const actor = requireRole(await requireSession(), 'member');
  const db = await getDb();
  const organizationId = actor.membership.organizationId;
  const [certifications, cycle] = await Promise.all([
    listMemberCertifications(db, organizationId, actor.membership.id),
    findCurrentCycle(db, { organizationId, membershipId: actor.membership.id }),
  ]);
  const skills = cycle ? await listFinderSkills(db, cycle) : [];

  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link href="/me" className="text-brand-700 underline underline-offset-2">
            ← My profile
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">My certifications</h1>
        <p className="text-slate-600">
          Certifications you hold, linked to the skills they prove. Where your organization requires a valid
          certification for a skill, your rating of it counts in team coverage and the people finder only while one is
          valid.
        </p>
        <p className="mt-1 text-sm">
          <a href="/api/certifications.csv" download className="text-brand-700 underline underline-offset-2">
            Certifications as CSV
          </a>{' '}
          ·{' '}
          <a href="/api/endorsements.csv" download className="text-brand-700 underline underline-offset-2">
            Endorsements as CSV
          </a>{' '}
          <span className="text-slate-600">(yours, and those of the people you manage)</span>
        </p>
      </div>

      <section aria-labelledby="certs-list" className="rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
        <h2 id="certs-list" className="text-lg font-semibold">
          {certifications.length === 0 ? 'No certifications yet' : `${certifications.length} recorded`}
        </h2>
        {certifications.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">Add your first one with the form below.</p>
        ) : (
          <ul className="mt-3 divide-y divide-slate-200">
            {certifications.map((cert) => (
              <li key={cert.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between">
                <div className="min-w-0 text-sm">
                  <p className="font-medium">
                    {cert.name} <span className="font-normal text-slate-600">· {cert.issuer}</span>
                  </p>
                  <p className={cert.valid ? 'text-emerald-800' : 'text-red-700'}>
                    {cert.valid ? '✓ ' : '✗ '}
                    {validityText(cert)} · issued {cert.issuedOn}
                  </p>
                  <p className="text-slate-700">
                    {cert.skills.length > 0
                      ? `Skills: ${cert.skills.map((s) => s.name).join(', ')}`
                      : 'No skills linked'}
                    {' · '}
                    <CredentialLink url={cert.credentialUrl} name={cert.name} />
                  </p>
                </div>
                <ActionButtonForm
                  action={deleteCertificationAction}
                  fields={{ certificationId: cert.id }}
                  label="Remove"
                  pendingLabel="Removing…"
                  ariaLabel={`Remove ${cert.name}`}
                  variant="ghost"
                  confirm={{ question: `Remove “${cert.name}”?`, confirmLabel: 'Remove' }}
                />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="certs-add" className="rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
        <h2 id="certs-add" className="text-lg font-semibold">
          Add a certification
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Link to the credential on the issuer’s site (https only); files are not uploaded.
          {skills.length === 0 ? ' Skills can be linked once an assessment cycle is open.' : ''}
        </p>
        <div className="mt-4">
          <CertificationForm skills={skills} today={todayIso()} />
        </div>
      </section>
    </div>
  );
}
