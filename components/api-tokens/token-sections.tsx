import type { ReactNode } from 'react';
import type { ApiTokenListItem } from '@/lib/api/tokens';
import { CreateTokenForm } from './create-token-form';
import { TokenTable } from './token-table';

/**
 * The body of both token pages — /admin/api-tokens (organization tokens, every
 * token listed with its owner) and /settings/api-tokens (a member's own
 * personal tokens): the heading and intro, the form for a new token, and the
 * list with its empty state.
 */
export function TokenSections({
  kind,
  title,
  intro,
  listHeading,
  listNote,
  empty,
  tokens,
  locale,
}: {
  kind: 'organization' | 'personal';
  title: string;
  intro: ReactNode;
  listHeading: string;
  listNote?: string;
  /** What to do when there is no token yet. */
  empty: string;
  tokens: ApiTokenListItem[];
  locale: string;
}) {
  return (
    <div className="space-y-8">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">{title}</h1>
        <p className="text-slate-600">{intro}</p>
      </div>

      <section aria-labelledby="new-token-heading" className="rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
        <h2 id="new-token-heading" className="mb-4 text-lg font-semibold">
          New {kind} token
        </h2>
        <CreateTokenForm kind={kind} />
      </section>

      <section aria-labelledby="token-list-heading" className="space-y-4">
        <h2 id="token-list-heading" className="text-lg font-semibold">
          {listHeading}
        </h2>
        {listNote ? <p className="text-sm text-slate-600">{listNote}</p> : null}
        {tokens.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-slate-600">{empty}</p>
        ) : (
          <TokenTable tokens={tokens} kind={kind} locale={locale} showOwner={kind === 'organization'} />
        )}
      </section>
    </div>
  );
}
