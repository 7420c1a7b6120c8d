/**
 * Signed-in benchmark users without signing in: members of the benchmark
 * organization read from the database, each with a session cookie minted the
 * way next-auth mints it (same JWT encoding, same cookie name as salt), and
 * the open cycle and skills they may rate. Also the id of a server action as
 * the production build registered it, so load is sent exactly as the browser
 * sends it.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import postgres from 'postgres';

export interface BenchUser {
  userId: string;
  email: string;
  membershipId: string;
  cycleId: string;
  skillIds: string[];
  /** `name=value` for the Cookie header. */
  cookie: string;
}

/** next-auth's session cookie: `__Secure-` prefixed only when it is served over https. */
export function sessionCookieName(baseUrl: string): string {
  return `${new URL(baseUrl).protocol === 'https:' ? '__Secure-' : ''}authjs.session-token`;
}

export async function mintSessionCookie(options: {
  baseUrl: string;
  authSecret: string;
  userId: string;
  email: string;
  organizationId: string;
  /** users.session_generation; a cookie of an older generation is refused (lib/auth/revoke-sessions.ts). */
  generation?: number;
}): Promise<string> {
  const name = sessionCookieName(options.baseUrl);
  const token = await encode({
    // A session id and the user's generation, as the jwt callback in lib/auth/config.ts puts them.
    token: {
      sub: options.userId,
      email: options.email,
      organizationId: options.organizationId,
      sid: randomUUID(),
      gen: options.generation ?? 0,
    },
    secret: options.authSecret,
    salt: name,
    maxAge: 60 * 60,
  });
  return `${name}=${token}`;
}

/**
 * Up to `count` active members of the organization that have an open cycle
 * (organization-wide or one of their teams') with at least one live skill,
 * members before managers and admins (the autosave path is the same for all).
 */
export async function findBenchUsers(options: {
  databaseUrl: string;
  baseUrl: string;
  authSecret: string;
  organizationId: string;
  count: number;
  skillsPerUser?: number;
}): Promise<BenchUser[]> {
  const sql = postgres(options.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<
      {
        userId: string;
        email: string;
        generation: number;
        membershipId: string;
        cycleId: string;
        frameworkId: string;
      }[]
    >`
      select m.user_id as "userId", u.email, u.session_generation as "generation", m.id as "membershipId", c.id as "cycleId", c.framework_id as "frameworkId"
      from memberships m
      join users u on u.id = m.user_id
      join lateral (
        select c.id, c.framework_id
        from assessment_cycles c
        where c.organization_id = m.organization_id and c.status = 'open'
          and (c.team_id is null or c.team_id in (
            select tm.team_id from team_members tm where tm.organization_id = m.organization_id and tm.membership_id = m.id))
        order by c.opens_on desc, c.id
        limit 1
      ) c on true
      where m.organization_id = ${options.organizationId} and m.status = 'active'
      order by (m.role = 'member') desc, m.id
      limit ${options.count}`;
    const frameworkIds = [...new Set(rows.map((row) => row.frameworkId))];
    const skills = new Map<string, string[]>();
    for (const frameworkId of frameworkIds) {
      const found = await sql<{ id: string }[]>`
        select id from skill_nodes
        where organization_id = ${options.organizationId} and framework_id = ${frameworkId}
          and kind = 'skill' and archived_at is null
        order by id
        limit ${options.skillsPerUser ?? 64}`;
      skills.set(
        frameworkId,
        found.map((row) => row.id),
      );
    }
    const users: BenchUser[] = [];
    for (const row of rows) {
      const skillIds = skills.get(row.frameworkId) ?? [];
      if (skillIds.length === 0) continue;
      users.push({
        userId: row.userId,
        email: row.email,
        membershipId: row.membershipId,
        cycleId: row.cycleId,
        skillIds,
        cookie: await mintSessionCookie({
          ...options,
          userId: row.userId,
          email: row.email,
          generation: row.generation,
        }),
      });
    }
    return users;
  } finally {
    await sql.end();
  }
}

/**
 * The id under which the production build in `distDir` registered a server
 * action (what the browser sends in the `Next-Action` header).
 */
export function serverActionId(file: string, exportedName: string, distDir = path.resolve('.next')): string {
  const manifest = JSON.parse(readFileSync(path.join(distDir, 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node?: Record<string, { filename?: string; exportedName?: string }>;
  };
  for (const [id, entry] of Object.entries(manifest.node ?? {})) {
    if (entry.filename === file && entry.exportedName === exportedName) return id;
  }
  throw new Error(`${file}#${exportedName} is not in ${distDir}'s server reference manifest: is the build current?`);
}

/** Median and percentiles of a sample of milliseconds. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/**
 * The pid of the process listening on a loopback port (via `ss`), or null when
 * it cannot be told (not Linux, another user's process).
 */
export function pidListeningOn(port: number): number | null {
  const result = spawnSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
  const match = /pid=(\d+)/.exec(result.stdout ?? '');
  return match ? Number(match[1]) : null;
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc. On a
 * shared machine wall-clock throughput depends on what else runs; the CPU a
 * server spends per request does not, so it is the figure to compare.
 */
export function cpuMillisecondsOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the command name), in clock ticks (100 Hz).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}
