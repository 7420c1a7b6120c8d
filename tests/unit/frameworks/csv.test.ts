import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFrameworkCsv, frameworkToCsv, CSV_META_MARKER } from '@/lib/frameworks/csv';
import { FrameworkFormatError } from '@/lib/frameworks/parse-markdown';
import { loadFrameworkFile } from '@/lib/frameworks/load-file';
import { countNodesByKind, DEFAULT_LEVELS, normalizeText } from '@/lib/frameworks/document';
import { FORMULA_TRIGGERS } from '@/lib/reports/csv-safety';

const HEADER = 'area,section,group,skill,description,key';

function lineOfError(run: () => unknown): number | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FrameworkFormatError);
    return (error as FrameworkFormatError).line;
  }
  throw new Error('expected a FrameworkFormatError');
}

describe('parseFrameworkCsv', () => {
  it('reads area/section/group/skill rows; an empty group puts the skill under the section', () => {
    const doc = parseFrameworkCsv(
      [
        HEADER,
        'Technical,Python,Basics,Syntax,Reads and writes idiomatic code,',
        'Technical,Python,Basics,Typing,,',
        'Technical,Testing,,pytest,Fixtures and parametrisation,tech/pytest',
        '"Leadership","People","","Mentoring, coaching","",""',
      ].join('\n'),
      { key: 'small', name: 'Small' },
    );
    expect(doc.key).toBe('small');
    expect(doc.levels).toEqual(DEFAULT_LEVELS);
    expect(countNodesByKind(doc.nodes)).toEqual({ area: 2, category: 3, group: 1, skill: 4 });
    const [tech, lead] = doc.nodes;
    expect(tech?.key).toBe('technical');
    expect(tech?.children[0]?.children[0]?.children.map((skill) => skill.key)).toEqual([
      'technical/python/basics/syntax',
      'technical/python/basics/typing',
    ]);
    expect(tech?.children[1]?.children[0]).toMatchObject({
      key: 'tech/pytest',
      kind: 'skill',
      description: 'Fixtures and parametrisation',
    });
    expect(lead?.children[0]?.children[0]?.name).toBe('Mentoring, coaching');
  });

  it('a row without a skill sets its container key and description', () => {
    const doc = parseFrameworkCsv(
      [HEADER, 'Tech,,,,All things technical,t', 'Tech,Py,,,,t/python', 'Tech,Py,,Syntax,,'].join('\n'),
      { key: 'k', name: 'K' },
    );
    expect(doc.nodes[0]).toMatchObject({ key: 't', description: 'All things technical' });
    expect(doc.nodes[0]?.children[0]?.children[0]?.key).toBe('t/python/syntax');
  });

  it.each([
    ['a missing column', 'area,section,skill,description,key\nA,B,C,,', 1],
    ['an unknown column', `${HEADER},extra\nA,B,,C,,,`, 1],
    ['a row with too few cells', `${HEADER}\nA,B,,C,,\nA,B,C`, 3],
    ['an unclosed quote', `${HEADER}\nA,B,,C,,\nA,"B,,C,,`, 3],
    ['an empty area', `${HEADER}\nA,B,,C,,\n,B,,D,,`, 3],
    ['a group without a section', `${HEADER}\nA,B,,C,,\nA,,G,D,,`, 3],
    ['an invalid key', `${HEADER}\nA,B,,C,,\nA,B,,D,,Not A Key`, 3],
    ['a duplicate skill', `${HEADER}\nA,B,,C,,\nA,B,,C,,`, 3],
    ['a duplicate key', `${HEADER}\nA,B,,C,,x/y\nA,B,,D,,x/y`, 3],
    ['a container described twice', `${HEADER}\nA,,,,First,\nA,,,,Second,\nA,B,,C,,`, 3],
    ['skills mixed with sections', `${HEADER}\nA,B,,C,,\nA,,,D,,`, 3],
  ])('names the line of %s', (_label, text, line) => {
    expect(lineOfError(() => parseFrameworkCsv(text, { key: 'k', name: 'K' }))).toBe(line);
  });

  it('counts the framework line when naming lines', () => {
    const meta = `${CSV_META_MARKER}{"key":"k","name":"K"}`;
    expect(lineOfError(() => parseFrameworkCsv(`${meta}\n${HEADER}\nA,B,,C,,\n,B,,D,,`))).toBe(4);
    expect(lineOfError(() => parseFrameworkCsv(`${CSV_META_MARKER}{not json}\n${HEADER}`))).toBe(1);
  });

  it('refuses garbage with a message', () => {
    expect(() => parseFrameworkCsv('x'.repeat(10_001), { key: 'k', name: 'K' })).toThrow(/line 1: unknown column/);
    expect(() => parseFrameworkCsv(HEADER, { key: 'k', name: 'K' })).toThrow(/no skills/);
    expect(() => parseFrameworkCsv(`${HEADER}\nA,B,,C,,`)).toThrow(/framework key and name/);
  });
});

describe('frameworkToCsv', () => {
  it.each(['db/seed/frameworks/python-devops-mastery.md', 'db/seed/frameworks/data-engineering-ladder.md'])(
    'round-trips %s exactly, keys, descriptions, levels and stages included',
    async (file) => {
      const { document } = await loadFrameworkFile(file);
      const csv = frameworkToCsv(document);
      expect(parseFrameworkCsv(csv)).toEqual(document);
      // A spreadsheet may re-save with CRLF and a BOM.
      expect(parseFrameworkCsv(`\uFEFF${csv.replace(/\n/g, '\r\n')}`)).toEqual(document);
    },
  );

  it('quotes awkward text so it survives', () => {
    const document = parseFrameworkCsv(
      [HEADER, '"#Hash, ""quoted""",Sec,,"Skill, with comma","Line ""one""",'].join('\n'),
      { key: 'k', name: 'K' },
    );
    expect(parseFrameworkCsv(frameworkToCsv(document))).toEqual(document);
  });

  it('quotes text a spreadsheet would run as a formula, and reads it back as typed', () => {
    const document = parseFrameworkCsv(
      [
        HEADER,
        // Cells that start with = + - @ (an admin's text, or a hostile one), and ones that start with a quote already.
        '"=HYPERLINK(""http://x"",""click"")",+Sec,,@Skill,-negative description,',
        `Area,+Sec,,'=already quoted,"''double",`,
        `Area,+Sec,,''=a name with its own quote,,`,
        "Area,+Sec,,'plain quote,,",
      ].join('\n'),
      { key: 'k', name: 'K' },
    );
    const names = document.nodes.flatMap((area) => [
      area.name,
      ...area.children.flatMap((section) => [section.name, ...section.children.map((skill) => skill.name)]),
    ]);
    // Reading strips the one quote an export adds: a quote before a trigger or another quote.
    expect(names).toEqual([
      '=HYPERLINK("http://x","click")',
      '+Sec',
      '@Skill',
      'Area',
      '+Sec',
      '=already quoted',
      "'=a name with its own quote",
      "'plain quote",
    ]);

    const csv = frameworkToCsv(document);
    const cells = csv.split('\n').slice(2).join('\n');
    expect(cells).toContain(`"'=HYPERLINK(""http://x"",""click"")","'+Sec",,"'@Skill","'-negative description"`);
    expect(cells).toContain(`"'=already quoted","'double"`);
    expect(cells).toContain(`"''=a name with its own quote"`);
    // No cell of the file starts with a formula trigger.
    expect(cells).not.toMatch(/(^|,)"[=+\-@]/m);
    expect(parseFrameworkCsv(csv)).toEqual(document);
  });

  it('reads back any text it writes (property)', () => {
    const text = fc
      .string({ unit: fc.constantFrom(...'=+-@\'ab #,"é'.split('')), minLength: 1, maxLength: 12 })
      .filter((value) => normalizeText(value) === value && /[abé]/.test(value));
    fc.assert(
      fc.property(text, text, (area, skill) => {
        const document = parseFrameworkCsv(
          [HEADER, [area, 'Sec', '', skill, skill, ''].map((cell) => `"${cell.replace(/"/g, '""')}"`).join(',')].join(
            '\n',
          ),
          {
            key: 'k',
            name: 'K',
          },
        );
        expect(parseFrameworkCsv(frameworkToCsv(document))).toEqual(document);
      }),
      { numRuns: 300, seed: 20261206 },
    );
  });
});

describe('data engineering ladder (second example framework)', () => {
  it('imports without a mapping: 3 areas → categories → skills, no groups', async () => {
    const { document } = await loadFrameworkFile('db/seed/frameworks/data-engineering-ladder.md');
    expect(document.key).toBe('data-engineering-ladder');
    expect(countNodesByKind(document.nodes)).toEqual({ area: 3, category: 7, group: 0, skill: 20 });
  });
});

/**
 * Issue 17, finding 3: the `# skillgrid:framework {json}` line was written
 * unquoted and un-neutralised, so a spreadsheet split the JSON at its commas
 * and a name like `",=1+1,"` became a cell `=1+1` that LibreOffice evaluated.
 * Here the file is read the way a spreadsheet reads it: every line, the
 * framework line included, split into cells, leniently.
 */
describe('frameworkToCsv: no cell a spreadsheet sees starts a formula', () => {
  const spreadsheetCells = (csv: string): string[] =>
    (parse(csv, { relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][]).flat();
  const startsFormula = (cell: string) => FORMULA_TRIGGERS.has(cell.charAt(0));

  const hostile = (name: string, skill: string) =>
    parseFrameworkCsv(
      [
        `${CSV_META_MARKER}${JSON.stringify({ key: 'k', name, description: skill })}`,
        HEADER,
        [name, 'Sec', '', skill, skill, ''].map((cell) => `"${cell.replace(/"/g, '""')}"`).join(','),
      ].join('\n'),
    );

  it('neutralises the framework line: a name of ",=1+1," stays text', () => {
    const document = hostile('",=1+1,"', '",=SUM(1;2),"');
    const csv = frameworkToCsv(document);
    const cells = spreadsheetCells(csv);
    expect(cells.filter(startsFormula)).toEqual([]);
    // The framework line is one quoted cell that starts with `#`.
    const [firstLine] = csv.split('\n');
    expect(firstLine).toMatch(/^"# skillgrid:framework \{.*\}"$/);
    expect(cells[0]?.startsWith(CSV_META_MARKER)).toBe(true);
    expect(parseFrameworkCsv(csv)).toEqual(document);
  });

  it('still reads files exported before the framework line was quoted', () => {
    const document = hostile('Plain name', 'Skill');
    const legacy = `${CSV_META_MARKER}${JSON.stringify({ key: 'k', name: 'Plain name', description: 'Skill', levels: DEFAULT_LEVELS })}\n${frameworkToCsv(document).split('\n').slice(1).join('\n')}`;
    expect(parseFrameworkCsv(legacy)).toEqual(document);
  });

  it('any names, in any cell or the framework line: no formula, and the file reads back the same (property)', () => {
    const text = fc
      .string({
        unit: fc.constantFrom(...'=+-@\'",;{}:#\\ ab'.split(''), '\t', '\r', 'é'),
        minLength: 1,
        maxLength: 16,
      })
      .filter((value) => normalizeText(value) === value && /[abé]/.test(value));
    fc.assert(
      fc.property(text, text, (name, skill) => {
        const document = hostile(name, skill);
        const csv = frameworkToCsv(document);
        expect(spreadsheetCells(csv).filter(startsFormula)).toEqual([]);
        expect(parseFrameworkCsv(csv)).toEqual(document);
      }),
      { numRuns: 300, seed: 20261217 },
    );
  });
});
