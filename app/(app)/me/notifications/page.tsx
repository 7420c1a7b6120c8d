import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionButtonForm } from '@/components/admin/action-button-form';
import { getDb } from '@/db';
import { hasRole } from '@/lib/auth/authorize';
import { requireSession } from '@/lib/auth/session';
import { setNotificationPreferenceAction } from '@/lib/notifications/actions';
import { NOTIFICATION_KINDS, NOTIFICATION_LABELS } from '@/lib/notifications/kinds';
import { optedOutKinds } from '@/lib/notifications/preferences';

export const metadata: Metadata = { title: 'Notifications' };

/** Each person chooses which messages they get from their active organization. */
export default async function NotificationSettingsPage() {
  const context = await requireSession();
  const off = await optedOutKinds(await getDb(), context.organization.id, context.user.id);
  const kinds = NOTIFICATION_KINDS.filter((kind) => !NOTIFICATION_LABELS[kind].managers || hasRole(context, 'manager'));
  return (
    <div className="max-w-2xl space-y-6">
      <div>
        <p className="text-sm">
          <Link href="/me" className="text-brand-700 underline">
            ← My profile
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">Notifications</h1>
        <p className="text-sm text-slate-600">
          The messages {context.organization.name} sends you by email. Invitations, address confirmations and password
          resets always reach you: they answer something someone did.
        </p>
      </div>
      <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
        {kinds.map((kind) => {
          const enabled = !off.has(kind);
          const { label, description } = NOTIFICATION_LABELS[kind];
          return (
            <li key={kind} className="flex flex-wrap items-center justify-between gap-3 p-4">
              <div className="min-w-0 flex-1">
                <p className="font-medium">{label}</p>
                <p className="text-sm text-slate-600">{description}</p>
                <p className="mt-1 text-sm">
                  Status: <strong>{enabled ? 'on' : 'off'}</strong>
                </p>
              </div>
              <ActionButtonForm
                action={setNotificationPreferenceAction}
                fields={{ kind, enabled: enabled ? 'false' : 'true' }}
                label={enabled ? 'Turn off' : 'Turn on'}
                pendingLabel="Saving…"
                ariaLabel={`${enabled ? 'Turn off' : 'Turn on'} “${label}”`}
              />
            </li>
          );
        })}
      </ul>
    </div>
  );
}
