/**
 * The audit log as CSV, streamed: a ReadableStream that reads the log a page
 * at a time (the same keyset query as the page, newest first) and hands each
 * page on as CSV lines, with names in place of ids. Memory holds one page
 * whatever the size of the log; every cell goes through the formula guard.
 */
import 'server-only';
import type { Db } from '@/db';
import type { Actor } from '@/lib/auth/authorize';
import { csvLines } from '@/lib/reports/csv';
import type { CsvCell } from '@/lib/reports/csv-safety';
import type { AuditFilters } from './audit-filters';
import { describeTarget, namedDetails, resolveAuditNames } from './audit-names';
import { listAuditEntries } from './list-audit';

export const AUDIT_CSV_HEADER = [
  'time (UTC)',
  'actor',
  'actor email',
  'action',
  'target',
  'target id',
  'details',
  'ip',
];
const ROWS_PER_PAGE = 500;

export function auditCsvStream(
  db: Db,
  actor: Actor,
  organizationId: string,
  filters: AuditFilters,
  onFinish?: (result: { rows: number; completed: boolean }) => Promise<void> | void,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let started = false;
  let done = false;
  let rows = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(csvLines([AUDIT_CSV_HEADER])));
        return;
      }
      const page = await listAuditEntries(
        db,
        actor,
        organizationId,
        { ...filters, before: cursor, after: undefined },
        ROWS_PER_PAGE,
      );
      const names = await resolveAuditNames(db, organizationId, page.rows);
      const records = page.rows.map((row): CsvCell[] => [
        row.createdAt.toISOString(),
        row.actorName ?? (row.actorUserId ? 'Unknown user' : 'System or anonymous'),
        row.actorEmail,
        row.action,
        describeTarget(row, names),
        row.targetId,
        row.details ? JSON.stringify(namedDetails(row.details, names)) : null,
        row.ip,
      ]);
      rows += records.length;
      if (records.length > 0) controller.enqueue(encoder.encode(csvLines(records)));
      cursor = page.olderCursor ?? undefined;
      if (!cursor) {
        done = true;
        // Audited before the stream ends, not after: a client that has read the whole file (or an admin who
        // opens the audit log right after the download) finds the export already listed.
        await onFinish?.({ rows, completed: true });
        controller.close();
      }
    },
    async cancel() {
      if (!done) await onFinish?.({ rows, completed: false });
    },
  });
}
