/**
 * What a certification form may hold (issue 22). Linked by URL only: there are
 * no file uploads, so no size limit to state; the credential link must be http
 * or https. Dates: issued on or before today, expiry (optional) on or after the
 * issue date and not already past when the certification is recorded.
 */
import { z } from 'zod';
import { todayIso } from '@/lib/cycles/state';
import { NO_NUL, NO_NUL_MESSAGE } from '@/lib/validation/text';

export const CERTIFICATION_TEXT_MAX = 200;
export const CERTIFICATION_URL_MAX = 2000;
export const CERTIFICATION_SKILLS_MAX = 20;

const isoDate = (message: string) =>
  z
    .string(message)
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, message)
    .refine(
      (value) =>
        !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
        new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
      message,
    );

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());

/** http(s) only: a `javascript:` or `file:` link would be a trap for whoever clicks it. */
export const credentialUrlSchema = z
  .string()
  .trim()
  .max(CERTIFICATION_URL_MAX, 'That link is too long.')
  .regex(NO_NUL, NO_NUL_MESSAGE)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && /^https?:\/\//i.test(value);
    } catch {
      return false;
    }
  }, 'Enter a link starting with https:// (or http://).');

/** Skill ids from a form: one comma-separated field, repeated fields, or an array from client code. */
const skillIdsSchema = z.preprocess(
  (value) =>
    value === undefined || value === null
      ? []
      : typeof value === 'string'
        ? value
            .split(',')
            .map((part) => part.trim())
            .filter(Boolean)
        : value,
  z
    .array(z.uuid('Unknown skill.'))
    .max(CERTIFICATION_SKILLS_MAX, `Link at most ${CERTIFICATION_SKILLS_MAX} skills.`)
    .transform((ids) => [...new Set(ids)]),
);

export const certificationInputSchema = z
  .object({
    name: z
      .string('Enter the certification’s name.')
      .trim()
      .min(1, 'Enter the certification’s name.')
      .max(CERTIFICATION_TEXT_MAX, `Keep the name to ${CERTIFICATION_TEXT_MAX} characters.`)
      .regex(NO_NUL, NO_NUL_MESSAGE),
    issuer: z
      .string('Enter who issued it.')
      .trim()
      .min(1, 'Enter who issued it.')
      .max(CERTIFICATION_TEXT_MAX, `Keep the issuer to ${CERTIFICATION_TEXT_MAX} characters.`)
      .regex(NO_NUL, NO_NUL_MESSAGE),
    issuedOn: isoDate('Enter the date it was issued (YYYY-MM-DD).'),
    expiresOn: optional(isoDate('Enter the expiry date as YYYY-MM-DD, or leave it empty if it does not expire.')),
    credentialUrl: optional(credentialUrlSchema),
    skillIds: skillIdsSchema,
  })
  .superRefine((input, ctx) => {
    const today = todayIso();
    if (input.issuedOn > today) {
      ctx.addIssue({ code: 'custom', path: ['issuedOn'], message: 'The issue date cannot be in the future.' });
    }
    if (input.expiresOn && input.expiresOn < input.issuedOn) {
      ctx.addIssue({
        code: 'custom',
        path: ['expiresOn'],
        message: 'The expiry date must be on or after the issue date.',
      });
    } else if (input.expiresOn && input.expiresOn < today) {
      ctx.addIssue({
        code: 'custom',
        path: ['expiresOn'],
        message:
          'This certification has already expired. Record a current one (renewed certifications have a new expiry).',
      });
    }
  });

export type CertificationInput = z.output<typeof certificationInputSchema>;
