/**
 * What each step of the batched save path costs, in one process, without HTTP
 * or Next.js: the checks a route handler runs on the request (same origin,
 * JSON, zod), and the one SQL statement per batch (lib/assessments/save-ratings.ts),
 * for a batch of 1 and of 20 changes. CPU time per call (process.cpuUsage) and
 * wall time per call; the database is an in-memory PGlite unless DATABASE_URL
 * names a PostgreSQL server (a fresh database is created there and dropped).
 *
 *   npx tsx --conditions=react-server scripts/bench/autosave-steps.ts [iterations]
 *
 * (`react-server` lets it import the server-only save module, as Next does.)
 * The session lookup (cookie decode + one membership query) and Next.js's own
 * request handling are not here: see docs/benchmarks.md.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { migrateConnection, openConnection, type Connection } from '@/db';
import { assessmentCycles } from '@/db/schema';
import { ratingBatchSchema } from '@/lib/assessments/rating-change';
import { saveOwnRatings, type SaveChange } from '@/lib/assessments/save-ratings';
import { isSameOrigin } from '@/lib/http/same-origin';
import { createMember, createOrganization } from '../../tests/fixtures/actors';
import { insertSmallFramework } from '../../tests/fixtures/small-framework';

const iterations = Number(process.argv[2] ?? 300);

interface Figure {
  step: string;
  cpuMs: number;
  wallMs: number;
}

async function measure(step: string, count: number, run: (i: number) => unknown): Promise<Figure> {
  for (let i = 0; i < Math.min(50, count); i++) await run(i); // warm-up: JIT, plans, pools
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < count; i++) await run(i + count);
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { step, cpuMs: (used.user + used.system) / 1000 / count, wallMs: wall / count };
}

async function openDatabase(): Promise<{ connection: Connection; drop: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const connection = await openConnection({ dataDir: undefined });
    await migrateConnection(connection);
    return { connection, drop: () => connection.close() };
  }
  const name = `skillgrid_steps_${randomBytes(4).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const connection = await openConnection({ url: url.toString() });
  await migrateConnection(connection);
  return {
    connection,
    drop: async () => {
      await connection.close();
      await admin.unsafe(`drop database ${name} with (force)`);
      await admin.end();
    },
  };
}

async function main(): Promise<void> {
  const { connection, drop } = await openDatabase();
  const db = connection.db;
  try {
    const organizationId = await createOrganization(db, 'Steps');
    const framework = await insertSmallFramework(db, organizationId);
    const member = await createMember(db, organizationId, 'member');
    const [cycle] = await db
      .insert(assessmentCycles)
      .values({
        organizationId,
        frameworkId: framework.frameworkId,
        name: 'Steps',
        opensOn: '2026-01-01',
        closesOn: '2026-12-31',
      })
      .returning();
    const owner = { organizationId, membershipId: member.membership.id };
    const skills = framework.skillIds;
    let seq = 0;
    const batchOf = (size: number): SaveChange[] =>
      Array.from({ length: size }, (_, i) => ({
        skillId: skills[(seq + i) % skills.length]!,
        level: (seq + i) % 5,
        notApplicable: false,
        interest: false,
        note: null,
        changedAt: new Date().toISOString(),
        seq: ++seq,
      }));
    // Distinct skills per batch: a batch of 20 over a framework with fewer skills would dedupe.
    const distinct = Math.min(20, skills.length);
    const body = (size: number) =>
      JSON.stringify({ cycleId: cycle!.id, clientId: 'steps-client', changes: batchOf(size) });
    const request = new Request('http://localhost:3000/api/ratings/batch', {
      method: 'POST',
      headers: { origin: 'http://localhost:3000', host: 'localhost:3000' },
    });
    const one = body(1);
    const many = body(distinct);

    const figures: Figure[] = [];
    figures.push(
      await measure('origin check + JSON.parse + zod, 1 change', iterations * 20, () => {
        isSameOrigin(request);
        return ratingBatchSchema.parse(JSON.parse(one));
      }),
    );
    figures.push(
      await measure(`origin check + JSON.parse + zod, ${distinct} changes`, iterations * 5, () => {
        isSameOrigin(request);
        return ratingBatchSchema.parse(JSON.parse(many));
      }),
    );
    figures.push(
      await measure('save statement, 1 change', iterations, () =>
        saveOwnRatings(db, owner, cycle!.id, batchOf(1), 'steps-client'),
      ),
    );
    figures.push(
      await measure(`save statement, ${distinct} changes`, iterations, () =>
        saveOwnRatings(db, owner, cycle!.id, batchOf(distinct), 'steps-client'),
      ),
    );
    console.log(
      `database: ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'in-memory PGlite (in this process)'}`,
    );
    console.table(
      figures.map((figure) => ({
        step: figure.step,
        'CPU ms / call': figure.cpuMs.toFixed(3),
        'wall ms / call': figure.wallMs.toFixed(3),
      })),
    );
  } finally {
    await drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
