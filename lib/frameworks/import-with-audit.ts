import 'server-only';
import type { Db } from '@/db';
import type { AuditRecord } from '@/lib/actions/define-action';
import type { FrameworkDocument } from './document';
import { importFramework, type ImportFrameworkInput, type ImportFrameworkResult } from './import';

/** The one event an admin's import records (an upload or a starter template). */
export const FRAMEWORK_IMPORTED = 'framework.imported';

/**
 * The import an admin makes from the app, inside the audited action's
 * transaction: the framework and the returned audit entry commit together; an
 * import that changes nothing returns no audit entry.
 */
export async function importFrameworkForAdmin(
  tx: Db,
  input: {
    organizationId: string;
    actorUserId: string;
    document: FrameworkDocument;
    sourceFormat: ImportFrameworkInput['sourceFormat'];
    sourceText: string;
    /** Extra audit details, such as the template an import started from. */
    details?: Record<string, unknown>;
  },
): Promise<{ imported: ImportFrameworkResult; audit: AuditRecord | null }> {
  const imported = await importFramework(tx, {
    organizationId: input.organizationId,
    document: input.document,
    sourceFormat: input.sourceFormat,
    sourceText: input.sourceText,
    actorUserId: input.actorUserId,
  });
  if (!imported.changed) return { imported, audit: null };
  return {
    imported,
    audit: {
      event: FRAMEWORK_IMPORTED,
      targetId: imported.frameworkId,
      details: {
        key: input.document.key,
        version: imported.version,
        format: input.sourceFormat,
        changes: imported.changes,
        ...input.details,
      },
    },
  };
}
