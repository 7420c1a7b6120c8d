import 'server-only';
import { and, asc, eq, gt } from 'drizzle-orm';
import { z } from 'zod';
import { assessmentCycles, ratingSource, ratings, skillNodes } from '@/db/schema';
import {
  MAX_CHANGES_PER_BATCH,
  MAX_BATCH_BYTES,
  notApplicableHasNoLevel,
  notApplicableMessage,
  ratingFields,
} from '@/lib/assessments/rating-change';
import type { RatingValue } from '@/lib/assessments/rating-value';
import { saveOwnRatings } from '@/lib/assessments/save-ratings';
import { requireMemberAccess } from '@/lib/auth/authorize';
import { auditApiWrite } from '../audit';
import { endpoint } from '../endpoint';
import { ApiProblem, invalidRequest, notFound } from '../errors';
import { id, timestamp } from './common';
import { cursorParam, isoTime, isoTimeOrNull, limitParam, pageOf, pageSchema } from './pagination';

export const ratingSchema = z
  .strictObject({
    skillId: id(),
    skillKey: z.string(),
    skillName: z.string(),
    source: z.enum(ratingSource.enumValues).describe('A manager rating sits beside the self rating, never over it.'),
    level: z.number().int().nullable().describe('0 to the framework’s top level; null when not applicable or unrated.'),
    notApplicable: z.boolean(),
    interest: z.boolean().describe('“I want to grow here”.'),
    note: z.string().nullable(),
    evidenceLinks: z.array(z.string()),
    carriedOver: z.boolean().describe('Pre-filled from the previous cycle and not changed in this one.'),
    confirmedAt: timestamp()
      .nullable()
      .describe('When the member confirmed a carried-over value as still true in this cycle.'),
    changedAt: timestamp(),
  })
  .meta({ id: 'Rating' });

const ratingValueSchema = z
  .strictObject({
    level: z.number().int().nullable(),
    notApplicable: z.boolean(),
    interest: z.boolean(),
    note: z.string().nullable(),
    carriedOver: z.boolean(),
    confirmed: z.boolean().describe('A carried-over value the member confirmed as still true in this cycle.'),
    changedAt: timestamp(),
  })
  // Typed against the save's own value: a field added there fails the build here, not only the tests.
  .meta({ id: 'RatingValue' }) satisfies z.ZodType<RatingValue>;

export const listRatingsEndpoint = endpoint({
  method: 'GET',
  path: '/api/v1/ratings',
  tag: 'Ratings',
  operationId: 'listRatings',
  summary: 'List a member’s ratings in a cycle',
  description:
    'With `ratings:read` (organization token): any member’s self and manager ratings. With a personal token ' +
    '(`ratings:self`): the token owner’s own self ratings; `member` may be left out.',
  scopes: ['ratings:read', 'ratings:self'],
  query: z.strictObject({
    cycle: id().describe('The cycle (GET /api/v1/cycles).'),
    member: id().optional().describe('The member’s id (GET /api/v1/members); a personal token’s own by default.'),
    source: z.enum(ratingSource.enumValues).optional().describe('Only self or only manager ratings.'),
    cursor: cursorParam(z.tuple([z.number().int().min(0)])),
    limit: limitParam(),
  }),
  response: { status: 200, description: 'A page of ratings.', schema: pageSchema(ratingSchema) },
  problems: ['invalid-request', 'forbidden', 'not-found'],
  run: async ({ query, db, actor, principal }) => {
    const viewer = actor!;
    const personal = principal!.membershipId !== null;
    const memberId = query.member ?? principal!.membershipId;
    if (!memberId) {
      throw invalidRequest('member: which member’s ratings (an organization token reads anyone’s).', [
        { location: 'query.member', message: 'Required with an organization token.' },
      ]);
    }
    // Another member than the personal token's own, or another organization's: "not found".
    await requireMemberAccess(db, viewer, memberId);
    if (personal && query.source === 'manager') {
      throw new ApiProblem('forbidden', 'A personal token reads your own self ratings only.');
    }
    const organizationId = viewer.membership.organizationId;
    const [cycle] = await db
      .select({ id: assessmentCycles.id })
      .from(assessmentCycles)
      .where(and(eq(assessmentCycles.organizationId, organizationId), eq(assessmentCycles.id, query.cycle)))
      .limit(1);
    if (!cycle) throw notFound('Cycle');
    const source = personal ? 'self' : query.source;
    const rows = await db
      .select({
        id: ratings.id,
        skillId: ratings.skillId,
        skillKey: skillNodes.key,
        skillName: skillNodes.name,
        source: ratings.source,
        level: ratings.level,
        notApplicable: ratings.notApplicable,
        interest: ratings.interest,
        note: ratings.note,
        evidenceLinks: ratings.evidenceLinks,
        carriedOver: ratings.carriedOver,
        confirmedAt: ratings.confirmedAt,
        changedAt: ratings.changedAt,
      })
      .from(ratings)
      .innerJoin(
        skillNodes,
        and(eq(skillNodes.organizationId, ratings.organizationId), eq(skillNodes.id, ratings.skillId)),
      )
      .where(
        and(
          eq(ratings.organizationId, organizationId),
          eq(ratings.cycleId, cycle.id),
          eq(ratings.membershipId, memberId),
          source ? eq(ratings.source, source) : undefined,
          query.cursor ? gt(ratings.id, query.cursor[0]) : undefined,
        ),
      )
      .orderBy(asc(ratings.id))
      .limit(query.limit + 1);
    return pageOf(
      rows,
      query.limit,
      (row) => [row.id],
      ({ id: _id, changedAt, confirmedAt, ...row }) => ({
        ...row,
        confirmedAt: isoTimeOrNull(confirmedAt),
        changedAt: isoTime(changedAt),
      }),
    );
  },
});

const ratingChangeSchema = z
  .strictObject({
    ...ratingFields,
    changedAt: ratingFields.changedAt
      .optional()
      .describe('When the change was made; the newest change of a skill wins. Now when left out.'),
  })
  .refine(notApplicableHasNoLevel, notApplicableMessage)
  .meta({ id: 'RatingChange' });

export const saveRatingsEndpoint = endpoint({
  method: 'POST',
  path: '/api/v1/ratings',
  tag: 'Ratings',
  operationId: 'saveRatings',
  summary: 'Save your own ratings',
  description:
    'A personal token (`ratings:self`) saves its owner’s self ratings in an open cycle, through the same save ' +
    'as the assessment page: a change older than the stored one is answered with the stored value (`stale`) ' +
    'and the whole request is refused if any change is invalid. Every request that changes data is audited.',
  scopes: ['ratings:self'],
  body: z.strictObject({
    cycleId: id().describe('An open cycle the member takes part in.'),
    changes: z
      .array(ratingChangeSchema)
      .min(1, 'Nothing to save.')
      .max(MAX_CHANGES_PER_BATCH, `At most ${MAX_CHANGES_PER_BATCH} changes at once.`),
  }),
  maxBodyBytes: MAX_BATCH_BYTES,
  response: {
    status: 200,
    description: 'What the server holds now.',
    schema: z.strictObject({
      applied: z.array(id()).describe('Skills whose change the server holds now.'),
      stale: z
        .array(z.strictObject({ skillId: id(), value: ratingValueSchema }))
        .describe('Skills where the server holds a newer value than the change sent: that value.'),
    }),
  },
  problems: ['invalid-request', 'forbidden', 'not-found', 'conflict', 'payload-too-large', 'unsupported-media-type'],
  run: async ({ body, db, principal, request }) => {
    const token = principal!;
    if (!token.membershipId) {
      // ratings:self is only ever given to personal tokens; this guards the rule, not a path anyone takes.
      throw new ApiProblem('forbidden', 'Only a personal token saves ratings: its owner’s own.');
    }
    const owner = { organizationId: token.organizationId, membershipId: token.membershipId };
    const now = new Date().toISOString();
    const changes = body.changes.map((change) => ({ ...change, changedAt: change.changedAt ?? now, seq: null }));
    const outcome = await db.transaction(async (tx) => {
      const saved = await saveOwnRatings(tx, owner, body.cycleId, changes);
      if (saved.ok && saved.applied.length > 0) {
        await auditApiWrite(tx, token, request, {
          scope: 'ratings:self',
          details: { cycleId: body.cycleId, changes: changes.length, applied: saved.applied.length },
        });
      }
      return saved;
    });
    if (!outcome.ok) {
      const errors = Object.entries(outcome.fieldErrors ?? {}).flatMap(([field, messages]) =>
        (messages ?? []).map((message) => ({ location: `body.${field}`, message })),
      );
      const type = outcome.status === 404 ? 'not-found' : outcome.status === 409 ? 'conflict' : 'invalid-request';
      throw new ApiProblem(type, outcome.error, errors);
    }
    return {
      applied: [...new Set(outcome.applied.map((index) => changes[index]!.skillId))],
      stale: outcome.stale.map(({ index, value }) => ({ skillId: changes[index]!.skillId, value })),
    };
  },
});
