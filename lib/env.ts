/**
 * The one place that reads process.env. Everything else imports `env`.
 * All variables are optional so that `next build` and the scripts run on a
 * fresh machine; what is missing in production fails where it is used.
 */
import { createEnv } from '@t3-oss/env-nextjs';
import { z } from 'zod';

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

export const env = createEnv({
  server: {
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DATABASE_URL: optionalString.pipe(z.string().url().optional()),
    // A streaming replica for heavy read-only pages (reports, CSV, heatmaps, people finder); unset = everything on DATABASE_URL.
    DATABASE_READ_URL: optionalString.pipe(z.string().url().optional()),
    // DATABASE_URL goes through PgBouncer in transaction mode: no prepared statements (`?pgbouncer=true` on the URL does the same).
    DATABASE_PGBOUNCER: optionalString
      .pipe(z.enum(['true', 'false', '1', '0']).optional())
      .transform((value) => value === 'true' || value === '1'),
    PGLITE_DIR: z.string().default('.data/pglite'),
    AUTH_SECRET: optionalString,
    AUTH_URL: optionalString,
    OIDC_ISSUER: optionalString,
    OIDC_CLIENT_ID: optionalString,
    OIDC_CLIENT_SECRET: optionalString,
    OIDC_NAME: z.string().default('Single sign-on'),
    SMTP_URL: optionalString,
    // Whether the web process runs the job worker (lib/jobs/run.ts): unset = in development and on PGlite only.
    JOBS_WORKER: optionalString.pipe(z.enum(['in-process', 'off']).optional()),
    // Queue options over lib/jobs/queues.ts, as JSON ({"notify.send":{"retryDelay":1}}): the fault tests shorten
    // retries and expiry with it; an operator may tune a queue the same way. Parsed in lib/jobs/run.ts.
    JOBS_QUEUE_OVERRIDES: optionalString,
    // How often (s) the worker looks for jobs whose worker died (expired) and runs maintenance; default 30.
    JOBS_SUPERVISE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
    // A notification claimed this long ago and never marked is sent again (lib/notifications/send-job.ts).
    NOTIFY_SEND_LEASE_SECONDS: z.coerce.number().int().min(5).max(86_400).default(600),
    MAIL_FROM: z.string().default('Skillgrid <no-reply@skillgrid.local>'),
    // /dev/mail lists the mail kept without SMTP; outside development only when this says so (the e2e server does).
    MAIL_DEV_PAGE: optionalString
      .pipe(z.enum(['true', 'false', '1', '0']).optional())
      .transform((value) => value === 'true' || value === '1'),
    // How many proxies we run in front of the app (a load balancer: 1). Their X-Forwarded-For entries
    // and X-Forwarded-Proto are believed; 0 = the connection's own address and protocol, headers ignored.
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    // Hosts, addresses and ranges (`hooks.corp.example, 10.20.0.0/16, 127.0.0.1`) that webhooks and chat digests may
    // reach although they are not public internet addresses (lib/http/outbound-url.ts). Unset = public addresses only.
    OUTBOUND_URL_ALLOW: optionalString,
    SESSION_MAX_AGE_SECONDS: z.coerce
      .number()
      .int()
      .positive()
      .default(8 * 60 * 60),
  },
  client: {},
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
});
