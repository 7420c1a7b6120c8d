/**
 * A team's weekly digest posted to its Slack or Teams channel
 * (lib/notifications/chat-webhook.ts, chat-job.ts, chat-payloads.ts), against
 * an HTTP server in this process that receives the posts: the URL's checks
 * (https, the outbound guard after DNS, the other provider's hosts), the URL
 * stored sealed and shown masked, the scan that queues one post per team and
 * week, Slack's blocks and Teams' Adaptive Card with names that cannot
 * mention or link, a failure kept for the retry and for the admins' view, and
 * two workers at once posting once.
 *
 * The receiver speaks plain http on loopback: the test passes `allowHttp` and
 * an outbound policy that allows 127.0.0.1 explicitly, as arguments — no
 * setting production could carry.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@/db';
import { ratings, teamChatWebhooks, teamDigests, teamTargets, users } from '@/db/schema';
import { parseOutboundPolicy } from '@/lib/http/outbound-url';
import { listJobProblems } from '@/lib/jobs/failed';
import { ChatPostError, chatPostJob, runChatPost } from '@/lib/notifications/chat-job';
import { checkChatUrl, loadTeamChatWebhook, saveTeamChatWebhook } from '@/lib/notifications/chat-webhook';
import { dueChatPosts, scanNotifications } from '@/lib/notifications/scan';
import { isoWeek } from '@/lib/notifications/schedule';
import { sendNotificationJob } from '@/lib/notifications/send-job';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { useTestDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let world: World;
let server: http.Server;
let base: string;
const received: { path: string; body: Record<string, unknown> }[] = [];
/** The status the receiver answers next (a channel that is down: 500). */
let answer = 200;

/** Only for this file's receiver: loopback allowed, plain http allowed. */
const LOCAL = { allowHttp: true, outbound: { policy: parseOutboundPolicy('127.0.0.1') } };

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  world = await buildWorld(database.db);
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      response.writeHead(answer, { 'content-type': 'text/plain' }).end(answer === 200 ? 'ok' : 'channel_is_archived');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A gap to report: Syntax to level 3 for team Platform; Sam rated 1. Sam's name tries a mention and a link.
  const skill = world.framework.id;
  await database.db.insert(teamTargets).values({
    organizationId: world.orgA,
    teamId: world.teamA1,
    nodeId: skill('tech/python/basics/syntax'),
    level: 3,
  });
  await database.db.insert(ratings).values({
    organizationId: world.orgA,
    cycleId: world.cycleA,
    membershipId: world.subjectA1.membership.id,
    skillId: skill('tech/python/basics/syntax'),
    ratedByMembershipId: world.subjectA1.membership.id,
    level: 1,
  });
  await database.db
    .update(users)
    .set({ name: '<!channel> [Sam](https://evil.example)' })
    .where(eq(users.id, world.subjectA1.user.id));
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await database?.close();
});

const actor = () => ({ organizationId: world.orgA, membershipId: world.managerA1.membership.id });
const post = (week: string, attempt: string) =>
  runChatPost(
    database.db,
    { organizationId: world.orgA, teamId: world.teamA1, periodKey: `${world.teamA1}:${week}` },
    attempt,
    LOCAL,
  );
async function digestRow(week: string) {
  const [row] = await database.db
    .select()
    .from(teamDigests)
    .where(and(eq(teamDigests.teamId, world.teamA1), eq(teamDigests.periodKey, `${world.teamA1}:${week}`)));
  return row;
}

describe('a team’s chat channel for the weekly digest', () => {
  it('refuses URLs that are not https, private after DNS, or the other provider’s', async () => {
    const publicDns = { resolve: async () => [{ address: '93.184.215.14', family: 4 }] };
    const privateDns = { resolve: async () => [{ address: '10.0.0.7', family: 4 }] };
    expect(await checkChatUrl('http://hooks.slack.com/services/T/B/x', 'slack', { outbound: publicDns })).toMatchObject(
      { ok: false, error: expect.stringMatching(/must start with https/) },
    );
    expect(await checkChatUrl('https://chat.corp.example/hooks/x', 'slack', { outbound: privateDns })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/private network address/),
    });
    expect(await checkChatUrl('https://127.0.0.1/hooks/x', 'slack')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/loopback/),
    });
    expect(await checkChatUrl('https://[fe80::1]/hooks/x', 'teams')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/link-local/),
    });
    expect(
      await checkChatUrl('https://contoso.webhook.office.com/webhookb2/x', 'slack', { outbound: publicDns }),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/looks like a Microsoft Teams URL/) });
    expect(
      await checkChatUrl('https://prod-01.westeurope.logic.azure.com/workflows/x', 'teams', { outbound: publicDns }),
    ).toEqual({ ok: true, url: 'https://prod-01.westeurope.logic.azure.com/workflows/x' });
    // Without the explicit test option, the test's own receiver is refused too.
    expect(await checkChatUrl(`${base}/slack`, 'slack')).toMatchObject({ ok: false });
  });

  it('stores the URL sealed and shows it masked; nothing is due without a URL', async () => {
    expect(await dueChatPosts(database.db, new Date(), world.orgA)).toEqual([]);
    const checked = await checkChatUrl(`${base}/services/T01/B02/secretXy9Z`, 'slack', LOCAL);
    if (!checked.ok) throw new Error(checked.error);
    const outcome = await database.db.transaction((tx) =>
      saveTeamChatWebhook(tx, actor(), { teamId: world.teamA1, provider: 'slack', url: checked.url }),
    );
    expect(outcome).toMatchObject({ ok: true, audit: { event: 'team.chat_webhook_set' } });
    expect(JSON.stringify(outcome)).not.toContain('secretXy9Z');
    const [stored] = await database.db.select().from(teamChatWebhooks).where(eq(teamChatWebhooks.teamId, world.teamA1));
    expect(stored!.url).toMatch(/^v1\./);
    expect(stored!.url).not.toContain('secret');
    const view = await loadTeamChatWebhook(database.db, world.orgA, world.teamA1);
    expect(view).toMatchObject({
      provider: 'slack',
      maskedUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/…Xy9Z$/),
    });
  });

  it('the scan queues one post per team and week, with no URL in the job', async () => {
    const result = await scanNotifications(database.db, sendNotificationJob, { organizationId: world.orgA });
    expect(result.chatPosts).toBe(1);
    await scanNotifications(database.db, sendNotificationJob, { organizationId: world.orgA });
    const jobs = rowsOf<{ data: { teamId: string; periodKey: string } }>(
      await database.db.execute(sql`select data from pgboss.job where name = 'notify.chat'`),
    );
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.data).toMatchObject({ teamId: world.teamA1, periodKey: `${world.teamA1}:${isoWeek(new Date())}` });
    expect(JSON.stringify(jobs[0]!.data)).not.toContain('127.0.0.1');
  });

  it('posts Slack blocks with a text fallback, once; names neither mention nor link', async () => {
    const since = received.length;
    expect(await post('2026-W40', 'w40/0')).toBe('posted');
    expect(await post('2026-W40', 'w40/1')).toBe('already-done');
    expect(received.length - since).toBe(1);
    const { path, body } = received.at(-1)!;
    expect(path).toBe('/services/T01/B02/secretXy9Z');
    expect(body.text).toMatch(/: Weekly digest for Platform \(“.+”\) — Completion: \d+ of \d+ members done/);
    const blocks = body.blocks as { type: string; text?: { text: string }; elements?: { url?: string }[] }[];
    expect(blocks.map((block) => block.type)).toEqual(['header', 'section', 'section', 'actions', 'context']);
    expect(blocks[0]!.text!.text).toBe(`Weekly digest for Platform (“${await cycleName()}”)`);
    const gaps = blocks[2]!.text!.text;
    expect(gaps).toMatch(/^Largest gaps — this is the team’s first digest of this cycle/);
    expect(gaps).toContain('&lt;!channel&gt; [Sam](https://evil.example) (2 levels)');
    expect(gaps).not.toContain('<!channel>');
    expect(blocks[3]!.elements![0]!.url).toMatch(new RegExp(`/teams/${world.teamA1}$`));
    expect(await digestRow('2026-W40')).toMatchObject({
      postState: 'posted',
      postAttempts: 1,
      postedAt: expect.any(Date),
    });
  });

  it('a channel that fails is kept for the retry (and the admins’ view); the retry posts a Teams card', async () => {
    const checked = await checkChatUrl(`${base}/workflows/teams1`, 'teams', LOCAL);
    if (!checked.ok) throw new Error(checked.error);
    const saved = await database.db.transaction((tx) =>
      saveTeamChatWebhook(tx, actor(), { teamId: world.teamA1, provider: 'teams', url: checked.url }),
    );
    expect(saved).toMatchObject({ audit: { event: 'team.chat_webhook_changed', details: { from: 'slack' } } });
    // A higher target: Sam's gap grows, so this week's digest (recorded at its first try) names them.
    await database.db.update(teamTargets).set({ level: 4 }).where(eq(teamTargets.teamId, world.teamA1));
    answer = 500;
    await expect(post('2026-W41', 'w41/0')).rejects.toThrow(ChatPostError);
    expect(await digestRow('2026-W41')).toMatchObject({
      postState: 'failed',
      postDetail: 'The channel answered HTTP 500: channel_is_archived',
      postClaimedBy: null,
    });
    // Through the job's own handler: the error reaches pg-boss, which retries with backoff and, out of
    // retries, keeps the job for /admin/notifications (lib/jobs/failed.ts lists it by its organizationId).
    const payload = { organizationId: world.orgA, teamId: world.teamA1, periodKey: `${world.teamA1}:2026-W41` };
    await expect(
      chatPostJob.handler(payload, {
        db: database.db,
        jobId: 'job-w41',
        retryCount: 1,
        signal: new AbortController().signal,
      }),
    ).rejects.toThrow(/Refused: The webhook URL must start with https/);
    await database.db.execute(sql`
      insert into pgboss.job (id, name, data, state, retry_count, retry_limit, completed_on, output)
      values (gen_random_uuid(), 'notify.chat', ${JSON.stringify(payload)}::jsonb, 'failed', 8, 8, now(),
              '{"message":"The channel answered HTTP 500: channel_is_archived"}'::jsonb)`);
    expect((await listJobProblems(database.db, world.orgA)).find((job) => job.name === 'notify.chat')).toMatchObject({
      state: 'failed',
      error: 'The channel answered HTTP 500: channel_is_archived',
    });

    answer = 200;
    const since = received.length;
    expect(await post('2026-W41', 'w41/2')).toBe('posted');
    expect(received.length - since).toBe(1);
    const { body } = received.at(-1)!;
    expect(body).toMatchObject({ type: 'message', summary: expect.stringMatching(/Weekly digest for Platform/) });
    const [attachment] = body.attachments as {
      contentType: string;
      content: {
        type: string;
        body: { type: string; inlines: { type: string; text: string }[] }[];
        actions: { url: string }[];
      };
    }[];
    expect(attachment!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment!.content.type).toBe('AdaptiveCard');
    // Every text is a TextRun (plain text, never markdown): the name's "link" is shown as typed.
    const runs = attachment!.content.body.flatMap((block) => block.inlines);
    expect(new Set(runs.map((run) => run.type))).toEqual(new Set(['TextRun']));
    expect(runs.map((run) => run.text).join('\n')).toContain('<!channel> [Sam](https://evil.example) (3 levels)');
    expect(attachment!.content.actions[0]!.url).toMatch(new RegExp(`/teams/${world.teamA1}$`));
    // The failed try and the one that went through (the handler's try was refused before it was counted).
    expect(await digestRow('2026-W41')).toMatchObject({ postState: 'posted', postDetail: null });
  });

  it('two workers at once: one post', async () => {
    const since = received.length;
    const outcomes = await Promise.allSettled([post('2026-W42', 'a/0'), post('2026-W42', 'b/0')]);
    expect(received.length - since).toBe(1);
    const fulfilled = outcomes.filter((o) => o.status === 'fulfilled').map((o) => o.value);
    expect(fulfilled).toContain('posted');
    expect(await digestRow('2026-W42')).toMatchObject({ postState: 'posted', postAttempts: 1 });
  });
});

async function cycleName(): Promise<string> {
  const [row] = rowsOf<{ name: string }>(
    await database.db.execute(sql`select name from assessment_cycles where id = ${world.cycleA}`),
  );
  return row!.name;
}
