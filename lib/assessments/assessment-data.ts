/**
 * What the assess page hands its client component: plain, serialisable data.
 * Pure types and tree helpers, importable from the browser.
 */
import type { EvidenceLink } from './evidence';
import type { RatingValue } from './rating-change';

export interface LevelInfo {
  level: number;
  name: string;
  descriptor: string;
}

export interface SkillInfo {
  id: string;
  name: string;
  description: string | null;
  /** The member's evidence links on this skill's self rating, and the cycle to save them in (set by loadAssessment). */
  evidence?: { cycleId: string; links: EvidenceLink[] };
}

/** Skills that share a parent: a group, or a section's own skills. */
export interface GroupInfo {
  id: string;
  name: string;
  description: string | null;
  skills: SkillInfo[];
}

export interface SectionInfo {
  id: string;
  key: string;
  name: string;
  description: string | null;
  areaName: string;
  groups: GroupInfo[];
}

export interface AreaInfo {
  id: string;
  name: string;
  sections: SectionInfo[];
}

export interface AssessmentData {
  organizationId: string;
  membershipId: string;
  cycle: { id: string; name: string; status: 'open' | 'closed'; opensOn: string; closesOn: string };
  frameworkName: string;
  levels: LevelInfo[];
  areas: AreaInfo[];
  ratings: Record<string, RatingValue>;
  /** Sections outside the member's targets (role profile and teams): shown as optional. Empty without targets. */
  optionalSectionIds: string[];
}

export interface TreeNode {
  id: string;
  parentId: string | null;
  key: string;
  kind: 'area' | 'category' | 'group' | 'skill';
  name: string;
  description: string | null;
  position: number;
}

/**
 * Turns the flat node list into areas → sections → groups → skills. A section
 * is a category; skills sitting directly under an area form a section of
 * their own named after the area, and skills directly under a section form a
 * group named after the section, so the page has one shape to render.
 */
export function buildAreas(nodes: readonly TreeNode[]): AreaInfo[] {
  const children = new Map<string | null, TreeNode[]>();
  for (const node of nodes) {
    const list = children.get(node.parentId) ?? [];
    list.push(node);
    children.set(node.parentId, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  const kids = (id: string | null) => children.get(id) ?? [];

  const skillsUnder = (id: string): SkillInfo[] =>
    kids(id)
      .filter((node) => node.kind === 'skill')
      .map((node) => ({ id: node.id, name: node.name, description: node.description }));

  const sectionOf = (node: TreeNode, areaName: string): SectionInfo => {
    const groups: GroupInfo[] = [];
    const own = skillsUnder(node.id);
    if (own.length > 0) groups.push({ id: node.id, name: node.name, description: null, skills: own });
    for (const child of kids(node.id)) {
      if (child.kind === 'skill') continue;
      // Deeper nesting than group → skill is flattened into its group.
      const skills = collectSkills(child);
      if (skills.length > 0) groups.push({ id: child.id, name: child.name, description: child.description, skills });
    }
    return { id: node.id, key: node.key, name: node.name, description: node.description, areaName, groups };
  };

  const collectSkills = (node: TreeNode): SkillInfo[] =>
    kids(node.id).flatMap((child) =>
      child.kind === 'skill'
        ? [{ id: child.id, name: child.name, description: child.description }]
        : collectSkills(child),
    );

  const areas: AreaInfo[] = [];
  for (const root of kids(null)) {
    if (root.kind === 'skill') continue;
    const sections: SectionInfo[] = [];
    if (root.kind === 'area') {
      const own = skillsUnder(root.id);
      if (own.length > 0) {
        sections.push({
          id: root.id,
          key: root.key,
          name: root.name,
          description: root.description,
          areaName: root.name,
          groups: [{ id: root.id, name: root.name, description: null, skills: own }],
        });
      }
      for (const child of kids(root.id)) {
        if (child.kind !== 'skill') sections.push(sectionOf(child, root.name));
      }
    } else {
      sections.push(sectionOf(root, root.name));
    }
    const nonEmpty = sections.filter((section) => section.groups.length > 0);
    if (nonEmpty.length > 0) areas.push({ id: root.id, name: root.name, sections: nonEmpty });
  }
  return areas;
}

export interface FrameworkShape {
  areas: number;
  sections: number;
  skills: number;
}

/**
 * How many areas, sections and skills the member sees: counted on the tree
 * /assess renders (buildAreas), so home and /assess never disagree about what
 * a section is.
 */
export function frameworkShape(areas: readonly AreaInfo[]): FrameworkShape {
  const sections = areas.flatMap((area) => area.sections);
  const skills = sections.reduce(
    (sum, section) => sum + section.groups.reduce((inner, group) => inner + group.skills.length, 0),
    0,
  );
  return { areas: areas.length, sections: sections.length, skills };
}
