/**
 * The gap report as CSV, streamed: a ReadableStream whose pull() asks the row
 * source for the next batch of members and hands its bytes on (lib/reports/csv.ts:
 * RFC 4180 quoting, CRLF line ends, the formula guard). The long format's lines
 * arrive rendered by the database; the wide format, one row per member, is
 * rendered here. Memory holds one batch's result and one member's bytes in flight, whatever the size of the
 * organization.
 * The route handler and the benchmark use this same function.
 */
import type { SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { csvLines } from './csv';
import type { CsvCell } from './csv-safety';
import type { CsvFormat } from './filters';
import type { ReportScope } from './gap-sql';
import { copyLines, postgresClientOf } from './copy-stream';
import {
  DEFAULT_MEMBERS_PER_BATCH,
  LONG_HEADER,
  longCsvBatches,
  longCsvSelect,
  MEMBERS_PER_COPY,
  memberBatches,
  wideCsvSelect,
  wideRowBatches,
  wideSkills,
} from './row-source';

export const WIDE_FIXED_HEADER = ['organization', 'team', 'member name', 'email', 'role profile', 'cycle'] as const;

/** Characters of a skill's name kept in a wide column's header; the legend has the full name. */
export const WIDE_NAME_CHARS = 24;

/** "S12 Decorators": a skill's short label in the wide file (S + its place in framework order). */
export function wideColumnLabel(index: number, skillName: string): string {
  const name = skillName.replace(/\s+/g, ' ').trim();
  const short = name.length > WIDE_NAME_CHARS ? `${name.slice(0, WIDE_NAME_CHARS - 1)}…` : name;
  return `S${index + 1} ${short}`;
}

export const LEGEND_HEADER = [
  'column',
  'level column',
  'gap column',
  'skill key',
  'skill',
  'area',
  'section',
  'group',
] as const;

export interface CsvExportOptions {
  format: CsvFormat;
  bom: boolean;
  /** Members per statement of the batch path; set, it chooses the batch path on PostgreSQL too (the tests compare both). */
  membersPerBatch?: number;
  /** Called once: when the last row is sent (completed) or the reader cancels (not completed). */
  onFinish?: (result: { rows: number; completed: boolean }) => Promise<void> | void;
}

const BOM = '\uFEFF';

async function* csvChunks(
  db: Db,
  scope: ReportScope,
  options: CsvExportOptions,
  counter: { rows: number },
): AsyncGenerator<string | Uint8Array> {
  const size = options.membersPerBatch ?? DEFAULT_MEMBERS_PER_BATCH;
  const prefix = options.bom ? BOM : '';
  // On a PostgreSQL server the long and wide files are the bytes of COPY statements (500 members each), never
  // strings (copy-stream.ts says why).
  const client = options.membersPerBatch === undefined ? postgresClientOf(db) : null;
  async function* copied(select: (memberIds: readonly string[]) => SQL) {
    if (!client) return;
    for await (const members of memberBatches(db, scope, MEMBERS_PER_COPY)) {
      const copy = await copyLines(client, select(members.map((member) => member.id)));
      const before = counter.rows;
      let completed = false;
      try {
        for (let chunk = await copy.next(); chunk !== null; chunk = await copy.next()) {
          counter.rows = before + copy.rows;
          yield chunk;
        }
        completed = true;
      } finally {
        if (!completed) await copy.cancel();
      }
    }
  }
  if (options.format === 'long') {
    yield prefix + csvLines([LONG_HEADER]);
    if (client) {
      yield* copied((ids) => longCsvSelect(scope, ids));
      return;
    }
    for await (const batch of longCsvBatches(db, scope, size)) {
      counter.rows += batch.rows;
      yield batch.text;
    }
    return;
  }
  const skills = await wideSkills(db, scope);
  const labels = skills.map((skill, index) => wideColumnLabel(index, skill.skillName));
  if (options.format === 'legend') {
    counter.rows += skills.length;
    yield (
      prefix +
      csvLines([
        [...LEGEND_HEADER],
        ...skills.map((skill, index): CsvCell[] => [
          `S${index + 1}`,
          `${labels[index]} · level`,
          `${labels[index]} · gap`,
          skill.skillKey,
          skill.skillName,
          skill.areaName,
          skill.sectionName,
          skill.groupName,
        ]),
      ])
    );
    return;
  }
  // Short headers (at most ~35 characters), in framework order; the full names are in the legend.
  const header: CsvCell[] = [...WIDE_FIXED_HEADER];
  for (const label of labels) header.push(`${label} · level`, `${label} · gap`);
  yield prefix + csvLines([header]);
  if (client) {
    yield* copied((ids) => wideCsvSelect(scope, ids));
    return;
  }
  for await (const batch of wideRowBatches(db, scope, size)) {
    counter.rows += batch.length;
    yield csvLines(
      batch.map((member) => {
        const record: CsvCell[] = [
          scope.organizationName,
          member.team,
          member.memberName,
          member.email,
          member.roleProfile,
          scope.cycleName,
        ];
        for (const skill of skills) {
          const cell = member.cells.get(skill.skillId);
          record.push(cell?.level ?? null, cell?.gap ?? null);
        }
        return record;
      }),
    );
  }
}

/** The CSV as a byte stream; `rows` counts data rows (not the header) sent so far. */
export function gapCsvStream(db: Db, scope: ReportScope, options: CsvExportOptions): ReadableStream<Uint8Array> {
  const counter = { rows: 0 };
  const chunks = csvChunks(db, scope, options, counter);
  const encoder = new TextEncoder();
  let finished = false;
  const finish = async (completed: boolean) => {
    if (finished) return;
    finished = true;
    await options.onFinish?.({ rows: counter.rows, completed });
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) {
            await finish(true);
            controller.close();
            return;
          }
          controller.enqueue(typeof next.value === 'string' ? encoder.encode(next.value) : next.value);
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return(undefined);
        await finish(false);
      },
    },
    // One chunk (one member's lines in the long format, a batch of members in the wide one) queued ahead at most:
    // backpressure from a slow reader stops the queries.
    { highWaterMark: 1 },
  );
}
