import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { formatDateTime, isoDate } from '@/lib/format/date';
import { requestLocale } from '@/lib/format/request-locale';
import { devMailPageEnabled, linksIn, listOutbox, OUTBOX_PAGE_SIZE } from '@/lib/mail/outbox';

export const metadata: Metadata = { title: 'Development outbox', referrer: 'no-referrer', robots: 'noindex' };

/**
 * Every mail the app would have sent, newest first, while no SMTP server is
 * configured — so sign-up, password reset and invitations work on a fresh
 * machine. Not found in production unless MAIL_DEV_PAGE is set.
 */
export default async function DevMailPage() {
  if (!devMailPageEnabled()) notFound();
  const messages = await listOutbox(await getDb());
  const locale = await requestLocale();
  return (
    <main className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="mb-2 text-2xl font-semibold">Development outbox</h1>
      <p className="mb-6 text-sm text-slate-600">
        No SMTP server is configured (<code>SMTP_URL</code>), so mail is kept here instead of being sent: the newest{' '}
        {OUTBOX_PAGE_SIZE}, newest first. Anyone who can open this page can follow these links — it exists only in
        development.
      </p>
      {messages.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-slate-600">
          No mail yet. Sign up, ask for a password reset or invite someone, then reload this page.
        </p>
      ) : (
        <ol className="space-y-6">
          {messages.map((message) => (
            <li key={message.id}>
              <article
                aria-labelledby={`mail-${message.id}`}
                className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
              >
                <h2 id={`mail-${message.id}`} className="text-lg font-semibold break-words">
                  {message.subject}
                </h2>
                <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                  <dt className="text-slate-500">To</dt>
                  <dd className="break-all">{message.to}</dd>
                  <dt className="text-slate-500">Kind</dt>
                  <dd>{message.kind}</dd>
                  <dt className="text-slate-500">Kept</dt>
                  <dd>
                    <time dateTime={isoDate(message.createdAt)}>{formatDateTime(message.createdAt, locale)}</time>
                  </dd>
                </dl>
                <div>
                  <h3 className="text-sm font-semibold">Links</h3>
                  <ul className="list-disc pl-5 text-sm">
                    {linksIn(message.text).map((link) => (
                      <li key={link}>
                        <a href={link} className="break-all text-brand-700 underline">
                          {link}
                        </a>
                      </li>
                    ))}
                  </ul>
                </div>
                <details>
                  <summary className="cursor-pointer text-sm font-semibold">Plain text</summary>
                  <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-3 text-xs whitespace-pre-wrap">
                    {message.text}
                  </pre>
                </details>
                <details>
                  <summary className="cursor-pointer text-sm font-semibold">HTML</summary>
                  {/* Shown as a sandboxed document: no script, no same-origin access. */}
                  <iframe
                    title={`HTML body of “${message.subject}”`}
                    sandbox=""
                    srcDoc={message.html}
                    className="mt-2 h-96 w-full rounded border border-slate-200"
                  />
                  <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-3 text-xs whitespace-pre-wrap">
                    {message.html}
                  </pre>
                </details>
              </article>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}
