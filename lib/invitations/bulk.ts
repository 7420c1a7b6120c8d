import 'server-only';
/**
 * Inviting many people at once: a pasted list of emails, or a CSV with the
 * columns name, email, team, role (header required, any order). Every line is
 * checked before anything is sent — bad email, unknown team, unknown role, a
 * line repeating an earlier email — and compared with the organization: an
 * email already a member or already holding a pending invitation is skipped,
 * so running the same file twice invites nobody twice.
 */
import { parse } from 'csv-parse/sync';
import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { invitations, MEMBERSHIP_ROLES, memberships, teams, users, type MembershipRole } from '@/db/schema';
import { emailSchema } from '@/lib/organizations/sign-up';
import { optionalTeamIdSchema } from '@/lib/teams/schemas';
import { NO_NUL } from '@/lib/validation/text';

/** Enough for a department at once; a bigger organization sends several files. */
export const BULK_INVITE_MAX_LINES = 500;
export const BULK_INVITE_MAX_CHARS = 100_000;
export const BULK_INVITE_MAX_LINE_CHARS = 1_000;

export const bulkInviteSchema = z.object({
  text: z
    .string()
    .trim()
    .min(1, 'Paste a list of emails or choose a CSV file.')
    .max(BULK_INVITE_MAX_CHARS, `The list is longer than ${BULK_INVITE_MAX_CHARS.toLocaleString('en')} characters.`)
    .regex(NO_NUL, 'The text contains NUL bytes: is it a text file?')
    // No line of name, email, team and role comes near this; a longer one is not a list of people.
    .refine((text) => text.split('\n').every((line) => line.length <= BULK_INVITE_MAX_LINE_CHARS), {
      error: `A line is longer than ${BULK_INVITE_MAX_LINE_CHARS} characters: is this a list of people?`,
    }),
  /** Role for lines that name none (a pasted list never does). */
  defaultRole: z.enum(MEMBERSHIP_ROLES, { error: 'Choose a role.' }).default('member'),
  /** Team for lines that name none; '' for no team. */
  defaultTeamId: optionalTeamIdSchema,
});
export type BulkInviteInput = z.output<typeof bulkInviteSchema>;

export type BulkLineStatus = 'invite' | 'member' | 'pending' | 'error';

export interface BulkLine {
  line: number;
  name: string | null;
  email: string;
  role: MembershipRole | null;
  teamId: string | null;
  teamName: string | null;
  status: BulkLineStatus;
  /** Why a line is an error or skipped, in words. */
  message: string | null;
}

export interface BulkPlan {
  lines: BulkLine[];
  counts: Record<BulkLineStatus, number>;
}

interface RawLine {
  line: number;
  name: string;
  email: string;
  team: string;
  role: string;
}

const COLUMNS = ['name', 'email', 'team', 'role'] as const;

/** A CSV (a first line naming an `email` column) or a list of emails separated by lines, commas, semicolons or spaces. */
export function readBulkText(text: string): RawLine[] | { error: string } {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const isCsv = /(^|[,;\t])\s*"?email"?\s*([,;\t]|$)/i.test(firstLine);
  if (!isCsv) {
    const lines: RawLine[] = [];
    text.split(/\r?\n/).forEach((content, index) => {
      // "Ada Lovelace <ada@example.com>", as mail programs copy addresses, keeps only the address.
      const addresses = content.replace(/[^,;<>]*<([^<>]*)>/g, ' $1 ');
      for (const token of addresses.split(/[\s,;]+/)) {
        if (token) lines.push({ line: index + 1, name: '', email: token, team: '', role: '' });
      }
    });
    return lines;
  }
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : firstLine.includes('\t') ? '\t' : ',';
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false, bom: true, trim: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return { error: `The CSV could not be read${line ? ` (line ${line})` : ''}: ${(error as Error).message}` };
  }
  const [header = [], ...rows] = records;
  const index = Object.fromEntries(
    COLUMNS.map((column) => [column, header.findIndex((cell) => cell.trim().toLowerCase() === column)]),
  ) as Record<(typeof COLUMNS)[number], number>;
  const cell = (row: string[], column: (typeof COLUMNS)[number]) =>
    index[column] >= 0 ? (row[index[column]] ?? '').trim() : '';
  return rows
    .map((row, rowIndex) => ({
      line: rowIndex + 2,
      name: cell(row, 'name'),
      email: cell(row, 'email'),
      team: cell(row, 'team'),
      role: cell(row, 'role'),
    }))
    .filter((row) => row.email || row.name || row.team || row.role);
}

/**
 * The plan for a list: each line checked, and what sending it would do. Reads
 * only; `sendBulkInvitations` runs it again on the server before creating.
 */
export async function planBulkInvitations(
  db: Db,
  organizationId: string,
  input: BulkInviteInput,
): Promise<BulkPlan | { error: string }> {
  const raw = readBulkText(input.text);
  if ('error' in raw) return raw;
  if (raw.length === 0) return { error: 'No email addresses found.' };
  if (raw.length > BULK_INVITE_MAX_LINES)
    return {
      error: `The list has ${raw.length} lines; send at most ${BULK_INVITE_MAX_LINES} at a time.`,
    };

  const teamRows = await db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(eq(teams.organizationId, organizationId));
  const teamByName = new Map(teamRows.map((team) => [team.name.trim().toLowerCase(), team]));
  const defaultTeam = input.defaultTeamId ? teamRows.find((team) => team.id === input.defaultTeamId) : undefined;
  if (input.defaultTeamId && !defaultTeam) return { error: 'That team was not found.' };

  const seen = new Map<string, number>();
  const lines: BulkLine[] = raw.map((row) => {
    const base = { line: row.line, name: row.name || null };
    const email = emailSchema.safeParse(row.email);
    const fail = (message: string): BulkLine => ({
      ...base,
      email: row.email,
      role: null,
      teamId: null,
      teamName: row.team || null,
      status: 'error',
      message,
    });
    if (!email.success) return fail(row.email ? `“${row.email}” is not a valid email address.` : 'No email address.');
    const earlier = seen.get(email.data);
    if (earlier !== undefined) return fail(`Repeats line ${earlier}.`);
    seen.set(email.data, row.line);
    const roleText = row.role.toLowerCase();
    const role = roleText ? MEMBERSHIP_ROLES.find((candidate) => candidate === roleText) : input.defaultRole;
    if (!role) return fail(`Unknown role “${row.role}”: use member, manager or admin.`);
    const team = row.team ? teamByName.get(row.team.toLowerCase()) : defaultTeam;
    if (row.team && !team) return fail(`Unknown team “${row.team}”. Create it first, or leave the team empty.`);
    return {
      ...base,
      email: email.data,
      role,
      teamId: team?.id ?? null,
      teamName: team?.name ?? null,
      status: 'invite',
      message: null,
    };
  });

  const emails = lines.filter((line) => line.status === 'invite').map((line) => line.email);
  if (emails.length > 0) {
    const [members, pending] = await Promise.all([
      db
        .select({ email: users.email, status: memberships.status })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.organizationId, organizationId), inArray(users.email, emails))),
      db
        .select({ email: invitations.email })
        .from(invitations)
        .where(
          and(
            eq(invitations.organizationId, organizationId),
            inArray(invitations.email, emails),
            isNull(invitations.acceptedAt),
            isNull(invitations.revokedAt),
            gt(invitations.expiresAt, sql`now()`),
          ),
        ),
    ]);
    const memberStatus = new Map(members.map((row) => [row.email, row.status]));
    const pendingEmails = new Set(pending.map((row) => row.email));
    for (const line of lines) {
      if (line.status !== 'invite') continue;
      const status = memberStatus.get(line.email);
      if (status === 'active') {
        line.status = 'member';
        line.message = 'Already a member.';
      } else if (status === 'deactivated') {
        line.status = 'error';
        line.message = 'Their membership was deactivated: reactivate it on the Members page instead.';
      } else if (pendingEmails.has(line.email)) {
        line.status = 'pending';
        line.message = 'Already invited; the invitation is pending. Resend it from the list below if needed.';
      }
    }
  }

  const counts: Record<BulkLineStatus, number> = { invite: 0, member: 0, pending: 0, error: 0 };
  for (const line of lines) counts[line.status] += 1;
  return { lines, counts };
}
