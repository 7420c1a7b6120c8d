import uploadLimits from './lib/frameworks/upload-limits.json' with { type: 'json' };
import outsideProxy from './lib/http/outside-proxy.json' with { type: 'json' };

/**
 * Headers for every response. The Content-Security-Policy is not here: it
 * carries a per-request nonce and is set by proxy.ts (lib/security/csp.ts).
 * Nor is Strict-Transport-Security: proxy.ts sends it only when the request
 * came over https (TRUSTED_PROXY_HOPS says whose word on that counts).
 */
const securityHeaders = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WebAssembly and data files by URL at run time; bundling it breaks that.
  // pg-boss and node-postgres load optional modules (pg-native, OpenTelemetry) at run time; bundling trips on them.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'pg-boss', 'pg'],
  poweredByHeader: false,
  // The builds the test suites make (scripts/lib/production-build.mjs) skip the type check: `npm test`
  // has just run `tsc --noEmit` over the same sources. `npm run build` keeps it.
  typescript: { ignoreBuildErrors: process.env.SKILLGRID_BUILD_FOR_TESTS === '1' },
  // Since 16.5, `next dev` writes an AGENTS.md into the project (and re-adds it when removed): the
  // project's docs live in README.md and docs/, so the generated file stays out of the tree.
  agentRules: false,
  experimental: {
    agentUpgrade: false,
    // A framework file travels as text in a server action; the limit is derived from the one the
    // upload page states (lib/frameworks/upload-limits.ts explains the factor), so a file the page
    // accepts is never refused with a 500 "Body exceeded 1 MB limit".
    serverActions: { bodySizeLimit: uploadLimits.serverActionBodyBytes },
  },
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      // The paths proxy.ts does not run on (its matcher) get no nonce CSP from it: a fixed one here, on
      // every response of theirs, Next.js's own included (a 405 for a method the route does not have).
      ...outsideProxy.paths.map((source) => ({
        source,
        headers: [{ key: 'Content-Security-Policy', value: outsideProxy.contentSecurityPolicy }],
      })),
    ];
  },
};

export default nextConfig;
