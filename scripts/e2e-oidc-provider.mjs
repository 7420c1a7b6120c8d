/**
 * A real OpenID Provider for the end-to-end suite (`oidc-provider`, an
 * OpenID-certified implementation), started by playwright.config.ts on a
 * fixed loopback port. Its development login form accepts any login: the
 * login is the account's email, and the provider vouches for it
 * (`email_verified: true`) except under @unverified.example — so a spec picks
 * the identity by what it types. Test-only: never run it anywhere else.
 */
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT || 4100);
const appUrl = process.env.APP_URL || 'http://localhost:3100';
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID || 'skillgrid-e2e',
      client_secret: process.env.OIDC_CLIENT_SECRET || 'skillgrid-e2e-client-secret',
      redirect_uris: [`${appUrl}/api/auth/callback/oidc`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // next-auth reads the profile from the ID token: put the scopes' claims there.
  conformIdTokenClaims: false,
  async findAccount(_ctx, id) {
    const email = String(id).toLowerCase();
    return {
      accountId: email,
      async claims() {
        return {
          sub: email,
          email,
          email_verified: !email.endsWith('@unverified.example'),
          name: email.split('@')[0],
        };
      },
    };
  },
  cookies: { keys: ['skillgrid-e2e-only-cookie-key'] },
  features: { devInteractions: { enabled: true } },
});

const server = provider.listen(port, '127.0.0.1', () => {
  console.log(`[oidc-provider] ${issuer} for ${appUrl}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
// What went wrong is otherwise only an error code in the client's logs.
for (const event of ['grant.error', 'authorization.error', 'server_error']) {
  provider.on(event, (ctx, error) =>
    console.error(
      `[oidc-provider] ${event}: ${error.message} ${error.error_detail ?? ''} (redirect_uri ${ctx?.oidc?.params?.redirect_uri})`,
    ),
  );
}
provider.on('authorization.accepted', (ctx) =>
  console.log(`[oidc-provider] authorization for ${ctx.oidc.params.redirect_uri}`),
);
