import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from 'zod';
import { ActionButtonForm } from '@/components/admin/action-button-form';
import { getDb } from '@/db';
import { unsubscribeAction } from '@/lib/notifications/actions';
import { describeUnsubscribe } from '@/lib/notifications/unsubscribe';

export const metadata: Metadata = { title: 'Unsubscribe', robots: { index: false } };

const search = z.object({ token: z.string().min(10).max(400).optional().catch(undefined) });

/**
 * Where a mail's "stop this kind of message" link leads: it asks before
 * changing anything (link checkers open links; a GET must not unsubscribe),
 * works signed out, and names what the button stops and for which organization.
 */
export default async function UnsubscribePage({ searchParams }: { searchParams: Promise<Record<string, unknown>> }) {
  const { token } = search.parse(await searchParams);
  const described = token ? await describeUnsubscribe(await getDb(), token) : null;
  if (!token || !described) {
    return (
      <>
        <h1 className="mb-2 text-2xl font-semibold">This link does not work</h1>
        <p className="mb-6 text-sm text-slate-600">
          The unsubscribe link is incomplete or not valid. Open it again from the email, or sign in and choose which
          messages you get under “Notifications” in your profile.
        </p>
        <Link href="/me/notifications" className="text-sm font-medium text-brand-700 underline">
          My notification settings
        </Link>
      </>
    );
  }
  return (
    <>
      <h1 className="mb-2 text-2xl font-semibold">Stop “{described.label}”?</h1>
      <p className="mb-6 text-sm text-slate-600">
        {described.optedOut
          ? `You already get no “${described.label}” messages from ${described.organizationName}.`
          : `You will get no more “${described.label}” messages from ${described.organizationName}. Other messages are not affected.`}
      </p>
      {described.optedOut ? null : (
        <ActionButtonForm
          action={unsubscribeAction}
          fields={{ token }}
          label="Unsubscribe"
          pendingLabel="Unsubscribing…"
          variant="primary"
        />
      )}
      <p className="mt-6 text-sm text-slate-600">
        Changed your mind later? Sign in and turn it back on under{' '}
        <Link href="/me/notifications" className="font-medium text-brand-700 underline">
          notification settings
        </Link>
        .
      </p>
    </>
  );
}
