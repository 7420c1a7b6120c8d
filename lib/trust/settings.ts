/**
 * An organization's trust settings (issue 22): whether endorsements are on and
 * after how many months a rating counts as stale. One row per organization in
 * `organization_settings`; an organization that never saved them has the defaults.
 *
 * Not `server-only`: the benchmark data script and tests read it too.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { organizationSettings } from '@/db/schema';

/** A checkbox: "on" when ticked, absent when not; `true`/`false` from client code. */
export const checkboxSchema = z
  .union([z.boolean(), z.enum(['on', 'true', 'false', ''])], 'Tick the box or leave it empty.')
  .optional()
  .transform((value) => value === true || value === 'on' || value === 'true');

export interface TrustSettings {
  endorsementsEnabled: boolean;
  staleAfterMonths: number;
}

export const TRUST_DEFAULTS: TrustSettings = { endorsementsEnabled: true, staleAfterMonths: 12 };
export const STALE_MONTHS_MIN = 1;
export const STALE_MONTHS_MAX = 60;

export const trustSettingsSchema = z.object({
  // A checkbox sends "on" when ticked and nothing when not.
  endorsementsEnabled: checkboxSchema,
  staleAfterMonths: z.coerce
    .number('Enter a number of months.')
    .int('Enter a whole number of months.')
    .min(STALE_MONTHS_MIN, `A rating can go stale after ${STALE_MONTHS_MIN} month at the earliest.`)
    .max(STALE_MONTHS_MAX, `Choose at most ${STALE_MONTHS_MAX} months (five years).`),
});

export async function loadTrustSettings(db: Db, organizationId: string): Promise<TrustSettings> {
  const [row] = await db
    .select({
      endorsementsEnabled: organizationSettings.endorsementsEnabled,
      staleAfterMonths: organizationSettings.staleAfterMonths,
    })
    .from(organizationSettings)
    .where(eq(organizationSettings.organizationId, organizationId))
    .limit(1);
  return row ?? { ...TRUST_DEFAULTS };
}

export async function saveTrustSettings(db: Db, organizationId: string, settings: TrustSettings): Promise<void> {
  await db
    .insert(organizationSettings)
    .values({ organizationId, ...settings })
    .onConflictDoUpdate({
      target: organizationSettings.organizationId,
      set: { ...settings, updatedAt: sql`now()` },
    });
}

/** The organization's stale period in months, as a SQL expression (the default when it never saved settings). */
export function staleMonthsSql(organizationId: string): SQL {
  return sql`coalesce((select os.stale_after_months from organization_settings os
    where os.organization_id = ${organizationId}), ${TRUST_DEFAULTS.staleAfterMonths})`;
}
