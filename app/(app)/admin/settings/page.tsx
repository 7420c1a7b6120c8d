import type { Metadata } from 'next';
import { ActionButtonForm } from '@/components/admin/action-button-form';
import { RequireCertificationForm, TrustSettingsForm } from '@/components/trust/trust-settings-form';
import { getDb } from '@/db';
import { requireAdminPage } from '@/lib/members/admin-page';
import { setSkillCertificationRequirementAction } from '@/lib/trust/settings-actions';
import { loadTrustSettings } from '@/lib/trust/settings';
import { listRequirementSkills } from '@/lib/trust/skill-requirements';

export const metadata: Metadata = { title: 'Organization settings' };

/**
 * Organization settings (issue 22): endorsements on/off, the stale period, skills requiring a certification;
 * and the organization export (issue 21).
 */
export default async function AdminSettingsPage() {
  const context = await requireAdminPage();
  const db = await getDb();
  const organizationId = context.organization.id;
  const [settings, skills] = await Promise.all([
    loadTrustSettings(db, organizationId),
    listRequirementSkills(db, organizationId),
  ]);
  const required = skills.filter((skill) => skill.required);
  const box = 'space-y-4 rounded-xl border border-slate-200 bg-white p-4 sm:p-6';
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <section aria-labelledby="trust-heading" className={box}>
        <h2 id="trust-heading" className="text-lg font-semibold">
          Endorsements and stale ratings
        </h2>
        <TrustSettingsForm
          endorsementsEnabled={settings.endorsementsEnabled}
          staleAfterMonths={settings.staleAfterMonths}
        />
      </section>
      <section aria-labelledby="require-heading" className={box}>
        <div>
          <h2 id="require-heading" className="text-lg font-semibold">
            Skills that require a valid certification
          </h2>
          <p className="text-sm text-slate-600">
            A rating of such a skill counts in team coverage and the people finder only for members holding a valid
            certification linked to it. Heatmaps and profiles still show the rating.
          </p>
        </div>
        {required.length === 0 ? (
          <p className="text-sm text-slate-600">No skill requires a certification.</p>
        ) : (
          <ul className="divide-y divide-slate-200" aria-label="Skills requiring a certification">
            {required.map((skill) => (
              <li key={skill.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <span>
                  <span className="font-medium">{skill.name}</span>{' '}
                  <span className="text-slate-600">({skill.frameworkName})</span>
                </span>
                <ActionButtonForm
                  action={setSkillCertificationRequirementAction}
                  fields={{ skillId: skill.id, required: 'false' }}
                  label="No longer require"
                  pendingLabel="Saving…"
                  ariaLabel={`${skill.name} no longer requires a certification`}
                  variant="ghost"
                />
              </li>
            ))}
          </ul>
        )}
        {skills.length === 0 ? (
          <p className="text-sm text-slate-600">Import a framework first; its skills are listed here.</p>
        ) : (
          <RequireCertificationForm skills={skills.filter((skill) => !skill.required)} />
        )}
      </section>
      <section aria-labelledby="export-heading" className={box}>
        <div>
          <h2 id="export-heading" className="text-lg font-semibold">
            Export the organization
          </h2>
          <p className="text-sm text-slate-600">
            One zip file with every table of {context.organization.name} as JSON: members, teams, frameworks, cycles,
            ratings with their history, targets, endorsements, certifications and the audit log. Passwords, API tokens
            and webhook secrets are not included. Another Skillgrid instance imports it with{' '}
            <code>npm run org:import -- &lt;file&gt;</code>. The download is recorded in the audit log.
          </p>
        </div>
        <a
          href="/api/admin/organization-export"
          download
          className="inline-flex min-h-11 items-center rounded-lg bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900"
        >
          Download the organization export (.zip)
        </a>
      </section>
    </div>
  );
}
