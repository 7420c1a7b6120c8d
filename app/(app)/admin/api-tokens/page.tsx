import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { TokenSections } from '@/components/api-tokens/token-sections';
import { listApiTokens } from '@/lib/api/tokens';
import { hasRole } from '@/lib/auth/authorize';
import { requireSession } from '@/lib/auth/session';
import { requestLocale } from '@/lib/format/request-locale';

export const metadata: Metadata = { title: 'API tokens' };

export default async function AdminApiTokensPage() {
  const context = await requireSession();
  // Non-admins get the same answer as for a page that does not exist.
  if (!hasRole(context, 'admin')) notFound();
  const [tokens, locale] = await Promise.all([listApiTokens(await getDb(), context.organization.id), requestLocale()]);
  return (
    <TokenSections
      kind="organization"
      title="API tokens"
      intro={
        <>
          Tokens let other systems read {context.organization.name}’s data through the REST API, or provision members
          through SCIM. How to call the API: the{' '}
          <Link href="/docs/api" className="text-brand-700 underline">
            API reference
          </Link>
          .
        </>
      }
      listHeading="All tokens"
      listNote="Organization tokens and members’ personal tokens. A revoked token is refused from its next request."
      empty="No tokens yet. Create one above for the first program that should read Skillgrid’s data."
      tokens={tokens}
      locale={locale}
    />
  );
}
