import 'server-only';
import type { Db } from '@/db';
import { writeAudit } from '@/lib/audit/write-audit';
import type { FrameworkDocument } from './document';
import { importFramework, type ImportFrameworkInput, type ImportFrameworkResult } from './import';

/**
 * The import an admin makes from the app (an upload or a starter template):
 * the framework and its audit entry commit together; an import that changes
 * nothing writes no audit entry.
 */
export async function importFrameworkAudited(
  db: Db,
  input: {
    organizationId: string;
    actorUserId: string;
    document: FrameworkDocument;
    sourceFormat: ImportFrameworkInput['sourceFormat'];
    sourceText: string;
    ip: string | null;
    /** Extra audit details, such as the template an import started from. */
    details?: Record<string, unknown>;
  },
): Promise<ImportFrameworkResult> {
  return db.transaction(async (tx) => {
    const imported = await importFramework(tx, {
      organizationId: input.organizationId,
      document: input.document,
      sourceFormat: input.sourceFormat,
      sourceText: input.sourceText,
      actorUserId: input.actorUserId,
    });
    if (imported.changed) {
      await writeAudit(tx, {
        organizationId: input.organizationId,
        actorUserId: input.actorUserId,
        action: 'framework.imported',
        targetType: 'framework',
        targetId: imported.frameworkId,
        details: {
          key: input.document.key,
          version: imported.version,
          format: input.sourceFormat,
          changes: imported.changes,
          ...input.details,
        },
        ip: input.ip,
      });
    }
    return imported;
  });
}
