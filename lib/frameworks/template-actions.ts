'use server';

import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { frameworks } from '@/db/schema';
import { defineAuditedAction } from '@/lib/actions/define-action';
import { FRAMEWORK_IMPORTED, importFrameworkForAdmin } from './import-with-audit';
import { FRAMEWORK_TEMPLATE_IDS, loadFrameworkTemplate } from './templates';

const templateSchema = z.object({
  templateId: z.enum(FRAMEWORK_TEMPLATE_IDS, { error: 'Choose one of the starter frameworks.' }),
});

/**
 * One click: a starter framework becomes the organization's own, as version 1.
 * A template already imported is not imported again: that would undo the
 * organization's edits (its skills missing from the template would be
 * archived), so the admin is sent to edit it instead.
 */
export const importFrameworkTemplateAction = defineAuditedAction<
  typeof templateSchema,
  { frameworkId: string; key: string }
>({
  input: templateSchema,
  role: 'admin',
  audit: { events: [FRAMEWORK_IMPORTED], target: 'framework' },
  // The home page lists the frameworks to start from until there is one.
  revalidate: ['/admin/frameworks', '/'],
  write: async ({ input, tx, context }) => {
    const organizationId = context.organization.id;
    const loaded = await loadFrameworkTemplate(input.templateId);
    const { document } = loaded;
    const [existing] = await tx
      .select({ id: frameworks.id, version: frameworks.version })
      .from(frameworks)
      .where(and(eq(frameworks.organizationId, organizationId), eq(frameworks.key, document.key)));
    if (existing) {
      return {
        ok: false,
        error: `“${document.name}” is already one of your frameworks (version ${existing.version}). Edit it instead of importing it again.`,
      };
    }
    const { imported, audit } = await importFrameworkForAdmin(tx, {
      organizationId,
      actorUserId: context.user.id,
      document,
      sourceFormat: loaded.sourceFormat,
      sourceText: loaded.sourceText,
      details: { template: input.templateId },
    });
    return {
      ok: true,
      data: { frameworkId: imported.frameworkId, key: document.key },
      message: `Imported “${document.name}” as version ${imported.version}. It is yours now: edit it as you like.`,
      audit,
    };
  },
});
