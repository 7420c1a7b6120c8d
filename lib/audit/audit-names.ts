/**
 * The audit log stores ids (a target, ids inside the details); people read
 * names. One query turns every id on a page of entries into the name of the
 * person, team, cycle, skill, framework, role profile, invitation or API token it is —
 * within the organization only, so another organization's id stays an id.
 */
import 'server-only';
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Every id an entry mentions: its target and the top-level id values of its details. */
export function idsOf(entry: { targetId: string | null; details: Record<string, unknown> | null }): string[] {
  const ids: string[] = [];
  if (isUuid(entry.targetId)) ids.push(entry.targetId);
  for (const value of Object.values(entry.details ?? {})) if (isUuid(value)) ids.push(value);
  return ids;
}

/** id → name for every id of these entries that names something of the organization. */
export async function resolveAuditNames(
  db: Db,
  organizationId: string,
  entries: readonly { targetId: string | null; details: Record<string, unknown> | null }[],
): Promise<Map<string, string>> {
  const ids = [...new Set(entries.flatMap(idsOf).map((id) => id.toLowerCase()))];
  if (ids.length === 0) return new Map();
  const list = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const result = await db.execute(sql`
    select m.id::text as id, u.name from memberships m join users u on u.id = m.user_id
      where m.organization_id = ${organizationId} and m.id in (${list})
    union all
    select u.id::text, u.name from users u
      where u.id in (${list})
        and exists (select 1 from memberships m where m.organization_id = ${organizationId} and m.user_id = u.id)
    union all
    select t.id::text, t.name from teams t where t.organization_id = ${organizationId} and t.id in (${list})
    union all
    select c.id::text, c.name from assessment_cycles c where c.organization_id = ${organizationId} and c.id in (${list})
    union all
    select s.id::text, s.name from skill_nodes s where s.organization_id = ${organizationId} and s.id in (${list})
    union all
    select f.id::text, f.name from frameworks f where f.organization_id = ${organizationId} and f.id in (${list})
    union all
    select r.id::text, r.name from role_profiles r where r.organization_id = ${organizationId} and r.id in (${list})
    union all
    select i.id::text, i.email from invitations i where i.organization_id = ${organizationId} and i.id in (${list})
    union all
    select a.id::text, a.name from api_tokens a where a.organization_id = ${organizationId} and a.id in (${list})
    union all
    select o.id::text, o.name from organizations o where o.id = ${organizationId} and o.id in (${list})`);
  return new Map(parseRows(result, z.object({ id: column.text, name: column.text })).map((row) => [row.id, row.name]));
}

const TARGET_LABELS: Record<string, string> = {
  membership: 'member',
  user: 'user',
  team: 'team',
  assessment_cycle: 'cycle',
  framework: 'framework',
  role_profile: 'role profile',
  invitation: 'invitation',
  api_token: 'API token',
  organization: 'organization',
};

/** "team Platform", "member Max Member"; the id when it names nothing any more (deleted). */
export function describeTarget(
  entry: { targetType: string | null; targetId: string | null },
  names: ReadonlyMap<string, string>,
): string | null {
  if (!entry.targetType) return null;
  const label = TARGET_LABELS[entry.targetType] ?? entry.targetType.replace(/_/g, ' ');
  if (!entry.targetId) return label;
  const name = names.get(entry.targetId.toLowerCase());
  return `${label} ${name ?? entry.targetId}`;
}

/** Details with ids replaced by names and `teamId` read as `team`. */
export function namedDetails(
  details: Record<string, unknown> | null,
  names: ReadonlyMap<string, string>,
): Record<string, unknown> | null {
  if (!details) return null;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    const name = isUuid(value) ? names.get(value.toLowerCase()) : undefined;
    if (name !== undefined) out[key.replace(/Id$/, '')] = name;
    else out[key] = value;
  }
  return out;
}
