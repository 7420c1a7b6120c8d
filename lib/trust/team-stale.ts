import 'server-only';
import { z } from 'zod';
import type { Db } from '@/db';
import { column, parseRows } from '@/db/rows';
import type { TeamCycleScope } from '@/lib/insight/team-members';
import { teamStaleCountsSql } from './stale';

/** Stale self ratings per member of the team (members without any are left out). */
export async function loadTeamStaleCounts(db: Db, scope: TeamCycleScope): Promise<Record<string, number>> {
  const rows = parseRows(
    await db.execute(teamStaleCountsSql(scope)),
    z.object({ membership_id: column.text, stale: column.number }),
  );
  return Object.fromEntries(rows.map((row) => [row.membership_id, Number(row.stale)]));
}
