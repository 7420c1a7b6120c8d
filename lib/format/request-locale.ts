import 'server-only';
import { headers } from 'next/headers';

/** Used when the browser names no locale we can format in. */
export const FALLBACK_LOCALE = 'en-GB';

/**
 * The reader's preferred locale from Accept-Language, for server-rendered
 * dates. Read per request (never cached in the process); a tag Intl does not
 * support is skipped, and anything malformed falls back.
 */
export async function requestLocale(): Promise<string> {
  const header = (await headers()).get('accept-language') ?? '';
  const tags = header
    .split(',')
    .map((part) => part.split(';')[0]?.trim() ?? '')
    .filter((tag) => tag && tag !== '*')
    .slice(0, 10);
  for (const tag of tags) {
    try {
      const [supported] = Intl.DateTimeFormat.supportedLocalesOf(tag);
      if (supported) return supported;
    } catch {
      // A malformed tag: try the next one.
    }
  }
  return FALLBACK_LOCALE;
}
