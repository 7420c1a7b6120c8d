import { DataTable } from '@/components/ui/table';
import type { ApiTokenListItem, TokenStatus } from '@/lib/api/tokens';
import { formatDateTime } from '@/lib/format/date';
import { RevokeTokenButton } from './revoke-token-button';

const STATUS_LABELS: Record<TokenStatus, string> = { active: 'Active', expired: 'Expired', revoked: 'Revoked' };
const STATUS_STYLES: Record<TokenStatus, string> = {
  active: 'bg-green-50 text-green-900',
  expired: 'bg-slate-100 text-slate-700',
  revoked: 'bg-red-50 text-red-800',
};

/** The tokens with what they may do, when they were last used and until when; live ones can be revoked. */
export function TokenTable({
  tokens,
  kind,
  locale,
  showOwner,
}: {
  tokens: ApiTokenListItem[];
  kind: 'organization' | 'personal';
  locale: string;
  showOwner: boolean;
}) {
  return (
    <DataTable label="API tokens, newest first" className="min-w-[52rem]">
      <thead>
        <tr>
          <th scope="col" className="px-4 py-2 font-medium">
            Name
          </th>
          {showOwner ? (
            <th scope="col" className="px-4 py-2 font-medium">
              Belongs to
            </th>
          ) : null}
          <th scope="col" className="px-4 py-2 font-medium">
            Scopes
          </th>
          <th scope="col" className="px-4 py-2 font-medium">
            Status
          </th>
          <th scope="col" className="px-4 py-2 font-medium">
            Last used
          </th>
          <th scope="col" className="px-4 py-2 font-medium">
            Expires
          </th>
          <th scope="col" className="px-4 py-2 font-medium">
            Created
          </th>
          <th scope="col" className="px-4 py-2 font-medium">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((token) => (
          <tr key={token.id}>
            <td className="px-4 py-2 wrap-anywhere">
              <span className="font-medium">{token.name}</span>
              <span className="block font-mono text-xs text-slate-600">{token.secretPrefix}…</span>
            </td>
            {showOwner ? <td className="px-4 py-2 wrap-anywhere">{token.ownerName ?? 'The organization'}</td> : null}
            <td className="px-4 py-2">
              <ul className="flex flex-wrap gap-1">
                {token.scopes.map((scope) => (
                  <li key={scope} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">
                    {scope}
                  </li>
                ))}
              </ul>
            </td>
            <td className="px-4 py-2">
              <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLES[token.status]}`}>
                {STATUS_LABELS[token.status]}
              </span>
            </td>
            <td className="px-4 py-2 whitespace-nowrap">
              {token.lastUsedAt ? formatDateTime(token.lastUsedAt, locale) : 'Never'}
            </td>
            <td className="px-4 py-2 whitespace-nowrap">
              {token.expiresAt ? formatDateTime(token.expiresAt, locale) : 'Never'}
            </td>
            <td className="px-4 py-2 whitespace-nowrap">
              {formatDateTime(token.createdAt, locale)}
              {token.createdByName && showOwner ? (
                <span className="block text-xs text-slate-600">by {token.createdByName}</span>
              ) : null}
            </td>
            <td className="px-4 py-2 text-right">
              {token.status === 'active' ? (
                <RevokeTokenButton tokenId={token.id} name={token.name} kind={kind} />
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
