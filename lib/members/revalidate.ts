import 'server-only';
import { revalidatePath } from 'next/cache';

/**
 * Refreshes the admin pages after a change so the list shows it. Outside a
 * Next request (integration tests, scripts) there is no cache to refresh and
 * Next throws an invariant error, which is safe to ignore here.
 */
export function refreshAdminPages(path = '/admin'): void {
  try {
    revalidatePath(path, 'layout');
  } catch {
    // No request store: nothing is cached.
  }
}
