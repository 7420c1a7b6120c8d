import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { CreateTokenForm } from '@/components/api-tokens/create-token-form';
import { TokenTable } from '@/components/api-tokens/token-table';
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
    <div className="space-y-8">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">My API tokens</h1>
        <p className="text-slate-600">
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
        </p>
      </div>

      <section aria-labelledby="new-token-heading" className="rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
        <h2 id="new-token-heading" className="mb-4 text-lg font-semibold">
          New personal token
        </h2>
        <CreateTokenForm kind="personal" />
      </section>

      <section aria-labelledby="token-list-heading" className="space-y-4">
        <h2 id="token-list-heading" className="text-lg font-semibold">
          Your tokens
        </h2>
        {tokens.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-slate-600">
            You have no tokens. Create one above when a program should rate for you.
          </p>
        ) : (
          <TokenTable tokens={tokens} kind="personal" locale={locale} showOwner={false} />
        )}
      </section>
    </div>
  );
}
