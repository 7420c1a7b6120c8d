/**
 * Admin CLI for frameworks:
 *
 *   npm run framework -- import <file.md|file.json> [--org <slug>]
 *   npm run framework -- export <framework-key> --format json|md|csv [--version <n>] [--org <slug>] [--include-archived]
 *
 * Without --org the organization is the only one there is. Output goes to
 * stdout (import: a JSON summary); errors go to stderr with exit code 1, and
 * an import that fails writes nothing (the file is parsed before the database
 * is touched, and the import is one transaction).
 */
import { parseArgs } from 'node:util';
import { asc, eq } from 'drizzle-orm';
import { closeDb, getConnection, type Db } from '@/db';
import { organizations } from '@/db/schema';
import { frameworkToCsv } from '@/lib/frameworks/csv';
import { toFrameworkJson } from '@/lib/frameworks/document';
import { loadFrameworkDocument } from '@/lib/frameworks/export';
import { importFramework } from '@/lib/frameworks/import';
import { loadFrameworkFile } from '@/lib/frameworks/load-file';
import { frameworkToMarkdown } from '@/lib/frameworks/to-markdown';

const USAGE = `usage:
  npm run framework -- import <file.md|file.json> [--org <slug>]
  npm run framework -- export <framework-key> --format json|md|csv [--version <n>] [--org <slug>] [--include-archived]`;

class UsageError extends Error {}

async function resolveOrganization(db: Db, slug: string | undefined): Promise<{ id: string; slug: string }> {
  if (slug) {
    const [org] = await db
      .select({ id: organizations.id, slug: organizations.slug })
      .from(organizations)
      .where(eq(organizations.slug, slug));
    if (!org) throw new UsageError(`unknown organization "${slug}"`);
    return org;
  }
  const all = await db
    .select({ id: organizations.id, slug: organizations.slug })
    .from(organizations)
    .orderBy(asc(organizations.slug));
  const [only] = all;
  if (all.length === 1 && only) return only;
  if (all.length === 0) throw new UsageError('there is no organization yet: create one first (e.g. npm run db:seed)');
  throw new UsageError(`several organizations exist, pass --org <slug>: ${all.map((org) => org.slug).join(', ')}`);
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      org: { type: 'string' },
      format: { type: 'string' },
      version: { type: 'string' },
      'include-archived': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, target, ...extra] = positionals;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!command || !target || extra.length > 0) throw new UsageError(USAGE);

  if (command === 'import') {
    // Parse first: a bad file fails before any connection (or migration) happens.
    const loaded = await loadFrameworkFile(target);
    const { db } = await getConnection();
    const org = await resolveOrganization(db, values.org);
    const result = await importFramework(db, { organizationId: org.id, ...loaded });
    process.stdout.write(
      `${JSON.stringify({ organization: org.slug, framework: loaded.document.key, ...result }, null, 2)}\n`,
    );
    return;
  }
  if (command === 'export') {
    const format = values.format;
    if (format !== 'json' && format !== 'md' && format !== 'csv')
      throw new UsageError(`--format must be json, md or csv\n${USAGE}`);
    const version = values.version === undefined ? undefined : Number(values.version);
    if (version !== undefined && (!Number.isInteger(version) || version < 1))
      throw new UsageError(`--version must be a positive whole number\n${USAGE}`);
    const { db } = await getConnection();
    const org = await resolveOrganization(db, values.org);
    const document = await loadFrameworkDocument(db, org.id, target, {
      includeArchived: values['include-archived'],
      version,
    });
    if (!document) throw new UsageError(`unknown framework "${target}" in organization "${org.slug}"`);
    process.stdout.write(
      format === 'json'
        ? toFrameworkJson(document)
        : format === 'csv'
          ? frameworkToCsv(document)
          : frameworkToMarkdown(document),
    );
    return;
  }
  throw new UsageError(`unknown command "${command}"\n${USAGE}`);
}

main(process.argv.slice(2))
  .catch((error: unknown) => {
    process.stderr.write(`framework: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => closeDb());
