import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { referenceStatements, referenceVariables, type TeamPageFixture } from '../../../scripts/bench/team-page';

// issue 23's bar is "≤ 0.7× the psql baseline" of the statements the team page ran when the issue was filed
// (commit 8ec6d42). The reference is frozen: this hash of its statements fails on any edit, on purpose.
const FROZEN_SHA256 = '5c20448146c84b3e4b322b97871e0fab4383a45e6b40a26b07ce7b54c60f90b6';

const fixture: TeamPageFixture = {
  teamId: 'team-1',
  teamName: 'Team',
  memberCount: 50,
  manager: { id: 'user-1', email: 'm@example.com', name: 'M', membershipId: 'membership-1' },
  scope: {
    actor: { user: { id: 'user-1' }, membership: { id: 'membership-1', role: 'manager', organizationId: 'org-1' } },
    teamId: 'team-1',
    frameworkId: 'framework-1',
    cycleId: 'cycle-1',
    view: 'self',
  },
};

describe("the team page's frozen psql reference (scripts/bench/team-page-reference.sql)", () => {
  const statements = referenceStatements();

  it("holds 8ec6d42's 7 statements, session lookup first and the heatmaps last", () => {
    expect(statements).toHaveLength(7);
    expect(statements[0]).toMatch(
      /^select u\.id, u\.email, u\.name, m\.id, m\.role, o\.id, o\.slug, o\.name\s+from memberships m/,
    );
    expect(statements[1]).toMatch(/^select \* from teams/);
    expect(statements[2]).toMatch(/^select team_id from team_managers/);
    expect(statements[3]).toMatch(/from assessment_cycles/);
    expect(statements[4]).toMatch(/from frameworks/);
    expect(statements[5]).toMatch(/from proficiency_levels/);
    expect(statements[6]).toMatch(/^with sk as materialized/);
    expect(statements.every((statement) => !statement.endsWith(';'))).toBe(true);
  });

  it('has not changed since it was written out', () => {
    const hash = createHash('sha256').update(statements.join(';\n')).digest('hex');
    expect(hash).toBe(FROZEN_SHA256);
  });

  it('uses only psql variables the bench passes, and every one of them', () => {
    const used = new Set(
      statements
        .join('\n')
        .match(/:'[a-z_]+'/g)
        ?.map((name) => name.slice(2, -1)),
    );
    expect([...used].sort()).toEqual(Object.keys(referenceVariables(fixture)).sort());
    expect(statements.join('\n')).not.toMatch(/__[A-Z]+__/);
  });

  it("fills the variables from the bench's team and manager", () => {
    expect(referenceVariables(fixture)).toEqual({
      organization_id: 'org-1',
      team_id: 'team-1',
      user_id: 'user-1',
      membership_id: 'membership-1',
      framework_id: 'framework-1',
      cycle_id: 'cycle-1',
    });
  });

  it('splits on a closing ";" at the end of a line only, after the header comment', () => {
    expect(
      referenceStatements("-- header; not a statement\n-- more\n\nselect 1;\n\nselect ';'\n  -- a; b\n  from x;\n"),
    ).toEqual(['select 1', "select ';'\n  -- a; b\n  from x"]);
  });
});
