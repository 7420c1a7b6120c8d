import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { AcceptInvitationForm } from '@/components/invitations/accept-invitation-form';
import { JoinInvitationButton } from '@/components/invitations/join-invitation-button';
import { SignOutForInvitationButton } from '@/components/invitations/sign-out-for-invitation-button';
import { getSessionContext } from '@/lib/auth/session';
import { existingMembershipMessage } from '@/lib/invitations/accept-invitation';
import { findInvitationByToken, unusableInvitationMessage } from '@/lib/invitations/find-invitation';
import { accountExists, membershipStatus } from '@/lib/invitations/invitee';
import { invitationPath } from '@/lib/invitations/token';

export const metadata: Metadata = { title: 'Invitation', referrer: 'no-referrer' };

const ROLE_LABELS = { member: 'a member', manager: 'a manager', admin: 'an admin' } as const;

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const db = await getDb();
  const invitation = await findInvitationByToken(db, token);

  if (!invitation || invitation.status !== 'pending') {
    // Unusable links never name the organization: a guessed or stale link learns nothing.
    return (
      <>
        <h1 className="mb-4 text-2xl font-semibold">Invitation unavailable</h1>
        <p className="text-slate-700">{unusableInvitationMessage(invitation)}</p>
        <p className="mt-6 text-sm">
          <Link href="/sign-in" className="font-medium text-brand-700 underline">
            Go to sign in
          </Link>
        </p>
      </>
    );
  }

  const context = await getSessionContext();
  const intro = (
    <>
      <h1 className="mb-2 text-2xl font-semibold">Join {invitation.organizationName}</h1>
      <p className="mb-6 text-sm text-slate-700">
        <span className="font-medium">{invitation.email}</span> is invited to join as {ROLE_LABELS[invitation.role]}
        {invitation.teamName ? (
          <>
            {' '}
            of the team <span className="font-medium">{invitation.teamName}</span>
          </>
        ) : null}
        .
      </p>
    </>
  );

  if (!context) {
    if (await accountExists(db, invitation.email)) {
      const signInHref = `/sign-in?callbackUrl=${encodeURIComponent(invitationPath(token))}`;
      return (
        <>
          {intro}
          <p className="mb-4 text-slate-700">You already have a Skillgrid account. Sign in with it to accept.</p>
          <Link
            href={signInHref}
            className="block rounded-md bg-brand-600 px-4 py-2 text-center text-sm font-medium text-white hover:bg-brand-700"
          >
            Sign in to accept
          </Link>
        </>
      );
    }
    return (
      <>
        {intro}
        <AcceptInvitationForm token={token} email={invitation.email} />
      </>
    );
  }

  if (context.user.email.toLowerCase() !== invitation.email) {
    return (
      <>
        {intro}
        <p className="mb-4 text-slate-700">
          You are signed in as <span className="font-medium">{context.user.email}</span>, but this invitation is for{' '}
          <span className="font-medium">{invitation.email}</span>. Sign out, then open this link again to accept it with
          that address.
        </p>
        <SignOutForInvitationButton token={token} />
      </>
    );
  }

  const status = await membershipStatus(db, invitation.organizationId, context.user.id);
  if (status) {
    return (
      <>
        {intro}
        <p role="status" className="mb-4 text-slate-700">
          {existingMembershipMessage(status, invitation.organizationName)}
        </p>
        <Link href="/" className="font-medium text-brand-700 underline">
          Go to Skillgrid
        </Link>
      </>
    );
  }

  return (
    <>
      {intro}
      <JoinInvitationButton token={token} organizationName={invitation.organizationName} />
    </>
  );
}
