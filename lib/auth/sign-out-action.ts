'use server';

import { signOut } from './config';

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: '/sign-in' });
}
