import type { Metadata } from 'next';
import { CredentialLink, validityText } from '@/components/trust/certification-table';
import { DataTable } from '@/components/ui/table';
import { requireTeamPage } from '@/lib/teams/team-page';
import { EXPIRING_SOON_DAYS, listTeamExpiringSoon } from '@/lib/trust/certifications';

export const metadata: Metadata = { title: 'Certifications expiring soon' };

/**
 * The team's certifications expiring in the next 60 days (issue 22), soonest
 * first: the team's managers and admins (the layout and requireTeamPage say so).
 */
export default async function TeamCertificationsPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const { db, session, context } = await requireTeamPage(teamId, 'individuals');
  const expiring = await listTeamExpiringSoon(db, session, context.team.id);
  return (
    <section aria-labelledby="expiring-heading" className="space-y-4">
      <div>
        <h2 id="expiring-heading" className="text-lg font-semibold">
          Certifications expiring in the next {EXPIRING_SOON_DAYS} days
        </h2>
        <p className="text-sm text-slate-600">Soonest first. Members record their certifications on their profile.</p>
      </div>
      {expiring.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          No certification of this team expires in the next {EXPIRING_SOON_DAYS} days.
        </p>
      ) : (
        <DataTable label={`Certifications expiring in the next ${EXPIRING_SOON_DAYS} days`} className="min-w-[36rem]">
          <thead>
            <tr>
              <th scope="col" className="px-3 py-2 text-left">
                Member
              </th>
              <th scope="col" className="px-3 py-2 text-left">
                Certification
              </th>
              <th scope="col" className="px-3 py-2 text-left">
                Expiry
              </th>
              <th scope="col" className="px-3 py-2 text-left">
                Skills
              </th>
              <th scope="col" className="px-3 py-2 text-left">
                Link
              </th>
            </tr>
          </thead>
          <tbody>
            {expiring.map((cert) => (
              <tr key={cert.id}>
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  {cert.memberName}
                </th>
                <td className="px-3 py-2">
                  {cert.name}
                  <span className="block text-xs text-slate-600">{cert.issuer}</span>
                </td>
                <td className="px-3 py-2 tabular-nums">{validityText(cert)}</td>
                <td className="px-3 py-2">{cert.skills.map((s) => s.name).join(', ') || '—'}</td>
                <td className="px-3 py-2">
                  <CredentialLink url={cert.credentialUrl} name={cert.name} />
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </section>
  );
}
