/**
 * JavaScript a page loads before it is interactive, per page (issue 23: /me loaded recharts eagerly): the
 * gzip of every `<script src>` in the page's HTML, summed by `measureScripts` (frontend.ts, the bench's own
 * method). Chunks a page loads later (`next/dynamic`) are not in its HTML and are not counted. Serves the
 * production build in `.next` (built if needed) against DATABASE_URL's generated organization.
 *
 *   DATABASE_URL=… npx tsx --conditions=react-server scripts/bench/js-sizes.ts [--slug bench-smoke] [--port 3301] /me /assess …
 */
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { measureScripts } from './frontend';
import { buildOnce, sessionCookie, startServer } from './server';
import { findTeamFixture } from './team-page';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { slug: { type: 'string', default: 'bench-smoke' }, port: { type: 'string', default: '3301' } },
  });
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('js-sizes: set DATABASE_URL');
  const pg = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const log = (line: string) => console.error(line);
  await buildOnce(log);
  const server = await startServer({ port: Number(values.port), databaseUrl, log });
  try {
    const [org] = await pg<{ id: string }[]>`select id from organizations where slug = ${values.slug}`;
    if (!org) throw new Error(`js-sizes: no organization ${values.slug}`);
    // The manager of the team closest to 50 members: a member with a profile, a team page and a home.
    const fixture = await findTeamFixture(pg, org.id, 50);
    const cookie = await sessionCookie(server.authSecret, fixture.manager, org.id);
    for (const path of positionals.length > 0 ? positionals : ['/me', '/assess', '/', `/teams/${fixture.teamId}`]) {
      const sizes = await measureScripts(
        new URL(path.replace('[teamId]', fixture.teamId), server.baseUrl).toString(),
        cookie,
      );
      console.log(`${path}\t${(sizes.totalGzip / 1024).toFixed(1)} KB gzip\t${sizes.scripts.length} scripts`);
    }
  } finally {
    await server.stop();
    await pg.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
