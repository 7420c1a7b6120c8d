'use server';

import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { frameworks } from '@/db/schema';
import { defineAction } from '@/lib/actions/define-action';
import type { ActionResult } from '@/lib/actions/result';
import { requestIp } from '@/lib/http/request-meta';
import { refreshAdminPages } from '@/lib/members/revalidate';
import { importFrameworkAudited } from './import-with-audit';
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
export const importFrameworkTemplateAction = defineAction({
  input: templateSchema,
  role: 'admin',
  run: async ({ input, db, context }): Promise<ActionResult<{ frameworkId: string; key: string }>> => {
    const organizationId = context.organization.id;
    const loaded = await loadFrameworkTemplate(input.templateId);
    const { document } = loaded;
    const [existing] = await db
      .select({ id: frameworks.id, version: frameworks.version })
      .from(frameworks)
      .where(and(eq(frameworks.organizationId, organizationId), eq(frameworks.key, document.key)));
    if (existing) {
      return {
        ok: false,
        error: `“${document.name}” is already one of your frameworks (version ${existing.version}). Edit it instead of importing it again.`,
      };
    }
    const result = await importFrameworkAudited(db, {
      organizationId,
      actorUserId: context.user.id,
      document,
      sourceFormat: loaded.sourceFormat,
      sourceText: loaded.sourceText,
      ip: await requestIp(),
      details: { template: input.templateId },
    });
    refreshAdminPages('/admin/frameworks');
    refreshAdminPages('/');
    return {
      ok: true,
      data: { frameworkId: result.frameworkId, key: document.key },
      message: `Imported “${document.name}” as version ${result.version}. It is yours now: edit it as you like.`,
    };
  },
});
