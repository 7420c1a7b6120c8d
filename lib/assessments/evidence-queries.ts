import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db';
import { ratings } from '@/db/schema';
import { decodeEvidenceLinks, type EvidenceLink } from './evidence';

/**
 * The evidence links of one member's self ratings for the given skills (one
 * page of the calibration drill-in). The caller has already checked that the
 * viewer may see this member's individual ratings.
 */
export async function loadSelfEvidence(
  db: Db,
  scope: { organizationId: string; cycleId: string; membershipId: string },
  skillIds: readonly string[],
): Promise<Map<string, EvidenceLink[]>> {
  if (skillIds.length === 0) return new Map();
  const rows = await db
    .select({ skillId: ratings.skillId, evidenceLinks: ratings.evidenceLinks })
    .from(ratings)
    .where(
      and(
        eq(ratings.organizationId, scope.organizationId),
        eq(ratings.cycleId, scope.cycleId),
        eq(ratings.membershipId, scope.membershipId),
        eq(ratings.source, 'self'),
        inArray(ratings.skillId, [...skillIds]),
      ),
    );
  return new Map(rows.map((row) => [row.skillId, decodeEvidenceLinks(row.evidenceLinks)]));
}
