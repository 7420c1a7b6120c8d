import 'server-only';
import { revalidatePath } from 'next/cache';

/**
 * Refreshes the pages under each path (their layouts included) after a change
 * so the next render shows it. Outside a Next request (integration tests,
 * scripts) there is no cache to refresh and Next throws an invariant error,
 * which is safe to ignore here.
 */
export function refreshPages(...paths: string[]): void {
  for (const path of paths) {
    try {
      revalidatePath(path, 'layout');
    } catch {
      // No request store: nothing is cached.
    }
  }
}
