import 'server-only';
import type { Db } from '@/db';
import { loadCompletions, type MemberCompletion } from '@/lib/assessments/completion';
import { organizationOf, type TeamCycleScope } from '@/lib/insight/team-members';

export { notDone, reminderList, summarizeCompletion, type MemberCompletion } from '@/lib/assessments/completion';

/** The team and cycle, asked by `actor`: a team they may not see yields no rows (lib/insight/team-members.ts). */
export type CompletionScope = TeamCycleScope;

/** Every active member of the team with their completion of the cycle, least complete first (one rule, one query). */
export function loadTeamCompletion(db: Db, scope: CompletionScope): Promise<MemberCompletion[]> {
  const { actor, teamId, frameworkId, cycleId } = scope;
  return loadCompletions(db, { organizationId: organizationOf(scope), frameworkId, cycleId }, { actor, teamId });
}
