/** What every /me query is about: one member's view of one framework in one cycle, inside one organization. */
export interface ProfileScope {
  organizationId: string;
  membershipId: string;
  frameworkId: string;
  cycleId: string;
}

/** Members see a team average only when at least this many teammates rated (docs/product.md, "People and roles"). */
export const TEAM_AVERAGE_MIN_RATERS = 3;

/** Advanced: the level from which a teammate is suggested as a mentor. */
export const MENTOR_MIN_LEVEL = 3;
