import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { TokenSections } from '@/components/api-tokens/token-sections';
import { listApiTokens } from '@/lib/api/tokens';
import { requireSession } from '@/lib/auth/session';
import { requestLocale } from '@/lib/format/request-locale';

export const metadata: Metadata = { title: 'My API tokens' };

/** Every member's own personal tokens: for a CLI or an editor plugin that rates for them. */
export default async function PersonalApiTokensPage() {
  const context = await requireSession();
  const [tokens, locale] = await Promise.all([
    listApiTokens(await getDb(), context.organization.id, { membershipId: context.membership.id }),
    requestLocale(),
  ]);
  return (
    <TokenSections
      kind="personal"
      title="My API tokens"
      intro={
        <>
          A personal token lets a program of yours — a command-line tool, an editor plugin — read and save your own
          ratings in {context.organization.name}, as{' '}
          <Link href="/assess" className="text-brand-700 underline">
            Assess
          </Link>{' '}
          does. How to call the API: the{' '}
          <Link href="/docs/api" className="text-brand-700 underline">
            API reference
          </Link>
          .
        </>
      }
      listHeading="Your tokens"
      empty="You have no tokens. Create one above when a program should rate for you."
      tokens={tokens}
      locale={locale}
    />
  );
}
