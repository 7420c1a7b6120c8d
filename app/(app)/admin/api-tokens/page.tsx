import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { CreateTokenForm } from '@/components/api-tokens/create-token-form';
import { TokenTable } from '@/components/api-tokens/token-table';
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
    <div className="space-y-8">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">API tokens</h1>
        <p className="text-slate-600">
          Tokens let other systems read {context.organization.name}’s data through the REST API, or provision members
          through SCIM. How to call the API: the{' '}
          <Link href="/docs/api" className="text-brand-700 underline">
            API reference
          </Link>
          .
        </p>
      </div>

      <section aria-labelledby="new-token-heading" className="rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
        <h2 id="new-token-heading" className="mb-4 text-lg font-semibold">
          New organization token
        </h2>
        <CreateTokenForm kind="organization" />
      </section>

      <section aria-labelledby="token-list-heading" className="space-y-4">
        <h2 id="token-list-heading" className="text-lg font-semibold">
          All tokens
        </h2>
        <p className="text-sm text-slate-600">
          Organization tokens and members’ personal tokens. A revoked token is refused from its next request.
        </p>
        {tokens.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-slate-600">
            No tokens yet. Create one above for the first program that should read Skillgrid’s data.
          </p>
        ) : (
          <TokenTable tokens={tokens} kind="organization" locale={locale} showOwner />
        )}
      </section>
    </div>
  );
}
