import 'server-only';
import { headers } from 'next/headers';
import { clientIp } from '@/lib/auth/client-ip';

/** The caller's address for the audit log; null when there is no request (scripts, tests). */
export async function requestIp(): Promise<string | null> {
  try {
    return clientIp(await headers());
  } catch {
    return null;
  }
}
