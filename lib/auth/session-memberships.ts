import { and, asc, eq, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '@/db';
import { memberships, organizations, revokedSessions, users } from '@/db/schema';
import type { SessionClaims } from './session-token';

/**
 * THE rule of which memberships a session still stands for, as a `where` over
 * `memberships` joined to `users`: active memberships of the cookie's user,
 * none when the user's sessions were all ended since the cookie was issued (a
 * raised `users.session_generation`) or this session was signed out (a row in
 * `revoked_sessions`). Values or placeholders: the prepared query below and
 * the save statement's own session check (authorize.ts, `sessionActorSql`)
 * both write it from here.
 */
export function sessionMembershipsCondition(claims: {
  userId: string | SQLWrapper;
  generation: number | SQLWrapper;
  sessionId: string | SQLWrapper;
}): SQL {
  return and(
    eq(memberships.userId, claims.userId),
    eq(memberships.status, 'active'),
    eq(users.sessionGeneration, claims.generation),
    sql`not exists (select 1 from ${revokedSessions} where ${revokedSessions.sessionId} = ${claims.sessionId})`,
  )!;
}

/**
 * The active memberships a session cookie still stands for (the rule above),
 * in the order a session picks among them (`getSessionContext`: the cookie's
 * organization, else the first by name). One query, one round trip: the
 * generation is compared on the users row already joined, and the revocation
 * is a primary-key probe in the same statement. Every page, action, route and
 * next-auth's own `/api/auth/session` go through here.
 */
export async function activeSessionMemberships(db: Db, claims: SessionClaims) {
  return preparedFor(db).execute({
    userId: claims.userId,
    generation: claims.generation,
    sessionId: claims.sessionId,
  });
}

// Without a chosen organization a session acts in the first by name; names are not unique, so the id breaks ties.
// lib/auth/authorize.ts sessionActorSql (the save statement's check) orders the same way.
function prepare(db: Db) {
  return db
    .select({
      userId: users.id,
      email: users.email,
      userName: users.name,
      membershipId: memberships.id,
      role: memberships.role,
      organizationId: organizations.id,
      slug: organizations.slug,
      organizationName: organizations.name,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(
      sessionMembershipsCondition({
        userId: sql.placeholder('userId'),
        generation: sql.placeholder('generation'),
        sessionId: sql.placeholder('sessionId'),
      }),
    )
    .orderBy(asc(organizations.name), asc(organizations.id))
    .prepare('session_memberships');
}

/**
 * Built once per connection: every request runs this query, and building it (drizzle walks the
 * select, the joins and the subquery into SQL text) cost more CPU than running it (docs/benchmarks.md,
 * "Autosave: the profile"). Keyed by the connection object, so a replaced pool (db/index.ts) gets its own.
 */
const prepared = new WeakMap<Db, ReturnType<typeof prepare>>();
function preparedFor(db: Db) {
  let statement = prepared.get(db);
  if (!statement) {
    statement = prepare(db);
    prepared.set(db, statement);
  }
  return statement;
}
