'use server';

import { getDb } from '@/db';
import { endAllSessions } from './revoke-sessions';
import { getSessionContext } from './session';
import { signOut } from './config';

/** This device: next-auth's signOut event revokes the session's id (config.ts), so copies of the cookie die too. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: '/sign-in' });
}

/** "Sign out everywhere": every session of the signed-in user, on every device, then this one. */
export async function signOutEverywhereAction(): Promise<void> {
  const context = await getSessionContext();
  if (context) await endAllSessions(await getDb(), context.user.id);
  await signOut({ redirectTo: '/sign-in?signedOut=everywhere' });
}
