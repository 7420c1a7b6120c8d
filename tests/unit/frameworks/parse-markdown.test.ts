import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countNodesByKind,
  DEFAULT_LEVELS,
  frameworkDocumentSchema,
  toFrameworkJson,
  type FrameworkDocument,
  type FrameworkNode,
  type FrameworkNodeInput,
} from '@/lib/frameworks/document';
import { parseFrameworkJson } from '@/lib/frameworks/load-file';
import { FrameworkFormatError, parseFrameworkMarkdown } from '@/lib/frameworks/parse-markdown';
import { frameworkToMarkdown } from '@/lib/frameworks/to-markdown';

const seedDir = path.join(process.cwd(), 'db', 'seed', 'frameworks');
const seedMarkdown = readFileSync(path.join(seedDir, 'python-devops-mastery.md'), 'utf8');
const seedMapping: unknown = JSON.parse(readFileSync(path.join(seedDir, 'python-devops-mastery.mapping.json'), 'utf8'));
const seed = parseFrameworkMarkdown(seedMarkdown, { mapping: seedMapping });

function allNodes(nodes: readonly FrameworkNode[]): FrameworkNode[] {
  return nodes.flatMap((node) => [node, ...allNodes(node.children)]);
}
function byKey(document: FrameworkDocument, key: string): FrameworkNode {
  const node = allNodes(document.nodes).find((candidate) => candidate.key === key);
  if (!node) throw new Error(`no node ${key}`);
  return node;
}
function formatError(markdown: string, mapping?: unknown): FrameworkFormatError {
  try {
    parseFrameworkMarkdown(markdown, mapping === undefined ? {} : { mapping });
  } catch (error) {
    if (error instanceof FrameworkFormatError) return error;
    throw error;
  }
  throw new Error('expected a FrameworkFormatError');
}

describe('the seed framework with its mapping', () => {
  it('has 3 areas, 18 categories, 61 groups and 320 skills', () => {
    expect(countNodesByKind(seed.nodes)).toEqual({ area: 3, category: 18, group: 61, skill: 320 });
    expect(seed.nodes.map((area) => [area.key, area.name, area.children.length])).toEqual([
      ['technical', 'Technical', 8],
      ['devops', 'DevOps', 9],
      ['leadership', 'Leadership', 1],
    ]);
    expect(seed).toMatchObject({ key: 'python-devops-mastery', name: 'Python DevOps Mastery' });
  });

  it('splits 305 topics in 15 sections from the 15 key skills in 3 categories', () => {
    const categories = seed.nodes.flatMap((area) => area.children);
    const keySkillCategories = categories.filter((category) => category.key.startsWith('key-skills-assessment-areas/'));
    const sections = categories.filter((category) => !keySkillCategories.includes(category));
    expect(sections).toHaveLength(15);
    expect(sections.every((section) => section.children.every((child) => child.kind === 'group'))).toBe(true);
    expect(allNodes(sections).filter((node) => node.kind === 'skill')).toHaveLength(305);
    expect(keySkillCategories.map((category) => [category.name, category.children.length])).toEqual([
      ['Technical Proficiency', 5],
      ['DevOps Integration', 5],
      ['Leadership & Collaboration', 5],
    ]);
    expect(keySkillCategories.every((category) => category.children.every((child) => child.kind === 'skill'))).toBe(
      true,
    );
    expect(seed.nodes[0]?.children.map((category) => category.name)).toEqual([
      'Core Python Fundamentals',
      'Advanced Python Concepts',
      'Performance & Optimization',
      'AI/ML Integration in DevOps',
      'Advanced Automation Frameworks',
      'Testing & Quality Assurance',
      'Modern Python Tools & Ecosystem',
      'Technical Proficiency',
    ]);
  });

  it('keeps names, descriptions after the colon and backticks', () => {
    expect(byKey(seed, 'core-python-fundamentals/data-structures-algorithms/graph-algorithms')).toMatchObject({
      kind: 'skill',
      name: 'Graph Algorithms',
      description: 'For dependency resolution and network topology',
    });
    expect(byKey(seed, 'core-python-fundamentals/data-structures-algorithms/caching-strategies').description).toBe(
      '`lru_cache`, custom caching implementations',
    );
    expect(byKey(seed, 'infrastructure-as-code-iac/pulumi-python-based-iac')).toMatchObject({
      kind: 'group',
      name: 'Pulumi (Python-based IaC)',
    });
    expect(byKey(seed, 'key-skills-assessment-areas/leadership-collaboration/knowledge-sharing')).toMatchObject({
      name: 'Knowledge Sharing',
      description: 'Mentoring and documentation',
    });
  });

  it('skips the table of contents', () => {
    expect(allNodes(seed.nodes).some((node) => /contents/i.test(node.name))).toBe(false);
  });

  it('keeps the learning path as 4 stages with their levels and steps', () => {
    expect(
      seed.learningStages.map(({ key, fromLevel, toLevel, steps }) => [key, fromLevel, toLevel, steps.length]),
    ).toEqual([
      ['beginner-to-intermediate', 1, 2, 5],
      ['intermediate-to-advanced', 2, 3, 5],
      ['advanced-to-expert', 3, 4, 5],
      ['continuous-learning', null, null, 5],
    ]);
    expect(seed.learningStages[0]?.name).toBe('Beginner to Intermediate (Months 1-6)');
    expect(seed.learningStages[0]?.steps[1]).toBe('Learn core DevOps libraries: `requests`, `json`, `yaml`, `logging`');
    expect(seed.levels.map((level) => level.name)).toEqual(['None', 'Beginner', 'Intermediate', 'Advanced', 'Expert']);
  });
});

describe('Markdown without a mapping', () => {
  const plain = parseFrameworkMarkdown(seedMarkdown);

  it('makes every H2 an area, its H3s categories, and finds the learning path by name', () => {
    expect(countNodesByKind(plain.nodes)).toEqual({ area: 16, category: 64, group: 0, skill: 320 });
    expect(plain.nodes[0]?.name).toBe('Core Python Fundamentals');
    expect(plain.nodes.at(-1)?.name).toBe('Key Skills Assessment Areas');
    expect(plain.key).toBe('python-mastery-topics-for-experienced-devops-engineers-10-years');
    expect(plain.levels).toEqual(DEFAULT_LEVELS);
    expect(plain.learningStages.map((stage) => [stage.fromLevel, stage.toLevel])).toEqual([
      [null, null],
      [null, null],
      [null, null],
      [null, null],
    ]);
  });

  it('derives the same skill keys as the mapped import, so switching layouts keeps ratings', () => {
    const mappedSkills = allNodes(seed.nodes)
      .filter((node) => node.kind === 'skill')
      .map((node) => node.key);
    const plainSkills = allNodes(plain.nodes)
      .filter((node) => node.kind === 'skill')
      .map((node) => node.key);
    expect(plainSkills.sort()).toEqual(mappedSkills.sort());
  });

  it('takes explicit keys, archived flags and heading descriptions', () => {
    const document = parseFrameworkMarkdown(
      [
        '# Small',
        '',
        'A tiny framework.',
        '',
        '## Backend',
        '<!-- key: be -->',
        '',
        'Server-side work.',
        '',
        '- **APIs**: REST and gRPC <!-- key: be/api -->',
        '- **Queues** <!-- key: be/queues archived -->',
        '- **SQL**',
      ].join('\n'),
    );
    expect(document.description).toBe('A tiny framework.');
    expect(document.nodes).toEqual([
      {
        key: 'be',
        kind: 'area',
        name: 'Backend',
        description: 'Server-side work.',
        children: [
          { key: 'be/api', kind: 'skill', name: 'APIs', description: 'REST and gRPC', children: [] },
          { key: 'be/queues', kind: 'skill', name: 'Queues', archived: true, children: [] },
          { key: 'be/sql', kind: 'skill', name: 'SQL', children: [] },
        ],
      },
    ]);
  });
});

describe('format errors name the line', () => {
  const cases: [string, string, number, RegExp][] = [
    [
      'a bullet that is not bold',
      '# T\n\n## A\n\n- **Good**: yes\n- plain text\n',
      6,
      /must look like "- \*\*Name\*\*: description"/,
    ],
    ['text after the name without a colon', '# T\n\n## A\n\n- **Good** - no colon\n', 5, /expected ":"/],
    [
      'a duplicate skill',
      '# T\n\n## A\n\n- **Same**: one\n- **Other**: two\n- **Same**: three\n',
      7,
      /duplicate key "a\/same" \(already used on line 5\)/,
    ],
    ['an empty section', '# T\n\n## A\n\n## B\n\n- **X**: y\n', 3, /"A" is empty/],
    [
      'bullets beside subheadings',
      '# T\n\n## A\n\n- **X**: y\n\n### B\n\n- **Z**: w\n',
      5,
      /mixes bullets and subheadings/,
    ],
    ['a bullet under the title', '# T\n\n- **X**: y\n', 3, /must sit under a ## section/],
    ['a skipped heading level', '# T\n\n## A\n\n#### B\n\n- **X**: y\n', 5, /heading level skipped/],
    ['numbered skills', '# T\n\n## A\n\n1. **X**: y\n', 5, /bullet list/],
    ['a nested list', '# T\n\n## A\n\n- **X**: y\n  - **Z**: w\n', 6, /nested lists/],
    ['headings nested too deep', '# T\n\n## A\n\n### B\n\n#### C\n\n##### D\n\n- **X**: y\n', 9, /nested too deep/],
    ['a malformed key comment', '# T\n\n## A\n\n- **X**: y <!-- key: Not A Key -->\n', 5, /key/],
    ['an unsupported block', '# T\n\n## A\n\n```\ncode\n```\n\n- **X**: y\n', 5, /unsupported Markdown block \(code\)/],
    [
      'a learning stage without steps',
      '# T\n\n## A\n\n- **X**: y\n\n## Learning Path\n\n### Start\n',
      9,
      /has no steps/,
    ],
  ];
  it.each(cases)('%s', (_label, markdown, line, message) => {
    const error = formatError(markdown);
    expect(error.line).toBe(line);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(`line ${line}`);
  });

  it('reports an H2 the mapping does not place in an area', () => {
    const mapping = { key: 'x', areas: [{ key: 'a', name: 'A', sections: ['One'] }] };
    const error = formatError('# T\n\n## One\n\n- **X**: y\n\n## Two\n\n- **Z**: w\n', mapping);
    expect(error.line).toBe(7);
    expect(error.message).toMatch(/"Two" is not assigned to an area/);
  });

  it('reports a mapping that names a missing section', () => {
    const mapping = { key: 'x', areas: [{ key: 'a', name: 'A', sections: ['One', 'Gone'] }] };
    expect(formatError('# T\n\n## One\n\n- **X**: y\n', mapping).message).toMatch(
      /lists "Gone" but the Markdown has no such heading/,
    );
  });

  it('reports an invalid mapping', () => {
    expect(formatError('# T\n\n## One\n\n- **X**: y\n', { key: 'Bad Key' }).message).toMatch(/invalid mapping: key:/);
  });
});

describe('Markdown export', () => {
  it('round-trips the seed to an identical document', () => {
    const markdown = frameworkToMarkdown(seed);
    expect(markdown).toContain(
      '- **Graph Algorithms**: For dependency resolution and network topology <!-- key: core-python-fundamentals/data-structures-algorithms/graph-algorithms -->',
    );
    expect(parseFrameworkMarkdown(markdown)).toEqual(seed);
  });

  it('keeps a renamed node on its key when the export is edited', () => {
    const edited = frameworkToMarkdown(seed).replace('- **Graph Algorithms**:', '- **Graph Theory**:');
    const node = byKey(
      parseFrameworkMarkdown(edited),
      'core-python-fundamentals/data-structures-algorithms/graph-algorithms',
    );
    expect(node.name).toBe('Graph Theory');
  });

  it('round-trips archived nodes', () => {
    const withArchived = frameworkDocumentSchema.parse({
      ...seed,
      nodes: [
        {
          key: 'x',
          kind: 'area',
          name: 'X',
          children: [
            { key: 'x/a', kind: 'skill', name: 'A' },
            { key: 'x/b', kind: 'skill', name: 'B', archived: true },
          ],
        },
      ],
    });
    expect(parseFrameworkMarkdown(frameworkToMarkdown(withArchived))).toEqual(withArchived);
  });

  it('round-trips random trees with awkward text, as Markdown and as JSON', () => {
    const text = fc
      .string({ unit: fc.constantFrom(...'ab Z09*_`[]<>&#:;-+.!\\|~=()/é'.split('')), minLength: 1, maxLength: 14 })
      .map((value) => value.replace(/\s+/g, ' ').trim())
      .filter((value) => value.length > 0);
    const described = { name: text, description: fc.option(text, { nil: undefined }) };
    const skills = fc.array(fc.record(described), { minLength: 1, maxLength: 3 });
    const groups = fc.array(fc.record({ ...described, skills }), { minLength: 1, maxLength: 2 });
    const categories = fc.array(
      fc.record({
        ...described,
        content: fc.oneof(
          skills.map((s) => ({ skills: s })),
          groups.map((g) => ({ groups: g })),
        ),
      }),
      { minLength: 1, maxLength: 2 },
    );
    const areas = fc.array(
      fc.record({
        ...described,
        content: fc.oneof(
          skills.map((s) => ({ skills: s })),
          categories.map((c) => ({ categories: c })),
        ),
      }),
      { minLength: 1, maxLength: 3 },
    );
    const stages = fc.uniqueArray(fc.record({ name: text, steps: fc.array(text, { minLength: 1, maxLength: 3 }) }), {
      selector: (stage) => stage.name,
      maxLength: 3,
    });

    fc.assert(
      fc.property(
        text,
        fc.option(text, { nil: undefined }),
        areas,
        stages,
        (name, description, areaSpecs, stageSpecs) => {
          let counter = 0;
          type Spec = { name: string; description: string | undefined };
          const node = (
            kind: FrameworkNodeInput['kind'],
            spec: Spec,
            children: FrameworkNodeInput[] = [],
          ): FrameworkNodeInput => ({
            key: `k${counter++}`,
            kind,
            name: spec.name,
            description: spec.description,
            children,
          });
          const skillNodes = (list: Spec[]) => list.map((spec) => node('skill', spec));
          const document = frameworkDocumentSchema.parse({
            key: 'random',
            name,
            description,
            levels: DEFAULT_LEVELS,
            nodes: areaSpecs.map((area) =>
              node(
                'area',
                area,
                'skills' in area.content
                  ? skillNodes(area.content.skills)
                  : area.content.categories.map((category) =>
                      node(
                        'category',
                        category,
                        'skills' in category.content
                          ? skillNodes(category.content.skills)
                          : category.content.groups.map((group) => node('group', group, skillNodes(group.skills))),
                      ),
                    ),
              ),
            ),
            learningStages: stageSpecs.map((stage, index) => ({
              key: `s${index}`,
              name: stage.name,
              fromLevel: index === 0 ? null : 1,
              toLevel: index === 0 ? null : 2,
              steps: stage.steps,
            })),
          });
          expect(parseFrameworkMarkdown(frameworkToMarkdown(document))).toEqual(document);
          expect(parseFrameworkJson(toFrameworkJson(document))).toEqual(document);
        },
      ),
      { numRuns: 100 },
    );
  }, 30_000);
});

describe('descriptions keep their inline Markdown and report what they drop', () => {
  const file = `# Markdown Ladder

## Area

### Section
- **Emphasis**: Uses *emphasis*, **strong**, ~~strike~~ and \`code\`
- **Link**: See [the guide](https://example.com/guide) for more
- **Html**: Plain <b>bold</b> text
- **Image**: Before ![a diagram](https://example.com/d.png) after
`;

  it('keeps code, emphasis, strong, strike-through and links as Markdown', () => {
    const skills = parseFrameworkMarkdown(file).nodes[0]!.children[0]!.children;
    expect(skills.map((skill) => skill.description)).toEqual([
      'Uses *emphasis*, **strong**, ~~strike~~ and `code`',
      'See [the guide](https://example.com/guide) for more',
      'Plain bold text',
      'Before a diagram after',
    ]);
  });

  it('reports raw HTML and images with their line instead of dropping them silently', () => {
    const dropped: unknown[] = [];
    parseFrameworkMarkdown(file, { onDrop: (item) => dropped.push(item) });
    expect(dropped).toEqual([
      { line: 8, kind: 'html', text: '<b>' },
      { line: 8, kind: 'html', text: '</b>' },
      { line: 9, kind: 'image', text: 'a diagram' },
    ]);
  });

  it('names stay plain text', () => {
    const document = parseFrameworkMarkdown('# T\n\n## A\n\n### S\n- **Use *this***: d\n');
    expect(document.nodes[0]!.children[0]!.children[0]!.name).toBe('Use this');
  });
});
