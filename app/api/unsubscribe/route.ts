import { z } from 'zod';
import { definePublicRoute } from '@/lib/http/define-route';
import { unsubscribeWithToken } from '@/lib/notifications/unsubscribe';

export const dynamic = 'force-dynamic';

const query = z.object({ token: z.string().min(10).max(400) });
const authorizedBy = 'the signed unsubscribe token of one person, organization and kind of message (RFC 8058)';

/**
 * RFC 8058 one-click unsubscribe, the target of every notification's
 * `List-Unsubscribe` header: the mail provider POSTs
 * `List-Unsubscribe=One-Click` here, without a session and from its own
 * servers. The token names the one (organization, person, kind) it stops.
 */
export const POST = definePublicRoute({
  query,
  authorizedBy,
  run: async ({ query, db, request }) => {
    const body = await request.text().catch(() => '');
    if (!new URLSearchParams(body.slice(0, 1_000)).has('List-Unsubscribe')) {
      return Response.json(
        { error: 'Send List-Unsubscribe=One-Click as the form body (RFC 8058).' },
        { status: 400, headers: { 'cache-control': 'no-store' } },
      );
    }
    const result = await unsubscribeWithToken(db, query.token);
    if (!result) {
      return Response.json(
        { error: 'This unsubscribe link is not valid.' },
        { status: 404, headers: { 'cache-control': 'no-store' } },
      );
    }
    return Response.json({ unsubscribed: result.kind }, { headers: { 'cache-control': 'no-store' } });
  },
});

/** A person who opens the header's link in a browser gets the page that asks first (a GET never changes anything). */
export const GET = definePublicRoute({
  query,
  authorizedBy,
  run: async ({ query, request }) =>
    Response.redirect(new URL(`/unsubscribe?token=${encodeURIComponent(query.token)}`, request.url), 303),
});
