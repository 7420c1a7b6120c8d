/**
 * PATCH (RFC 7644 §3.5.2) as pure functions over a resource's SCIM state:
 * the service reads the current state, applies the operations here, and
 * writes the difference through the same code as PUT. Written for the shapes
 * Okta and Entra actually send (tests/integration/scim/fixtures/):
 *
 * - Okta: `{"op":"replace","value":{"active":false}}` (no path, value object);
 *   Group `{"op":"add","path":"members","value":[{"value":id}]}` and
 *   `{"op":"remove","path":"members[value eq \"id\"]"}`;
 *   group rename `{"op":"replace","value":{"id":…,"displayName":…}}`.
 * - Entra: `"op":"Replace"` capitalised, `"path":"active","value":"False"` (a
 *   string), `name.givenName`, `emails[type eq "work"].value`, value objects
 *   keyed by paths (`{"name.familyName": "…"}`), and
 *   `{"op":"Remove","path":"members","value":[{"value":id}]}`.
 */
import { z } from 'zod';
import { ScimError } from './errors';
import { booleanish, emailEntrySchema, text, type PatchOperation } from './schemas';

export interface ScimEmail {
  value: string;
  type?: string | null;
  primary?: boolean | null;
}

export interface UserState {
  userName: string;
  name: { givenName: string | null; familyName: string | null; formatted: string | null };
  displayName: string | null;
  emails: ScimEmail[];
  externalId: string | null;
  title: string | null;
  active: boolean;
}

export interface GroupState {
  displayName: string;
  externalId: string | null;
  members: Set<string>;
}

const CORE_PREFIX = /^urn:ietf:params:scim:schemas:core:2\.0:(user|group):/i;

/** Core User attributes Skillgrid does not keep: accepted and ignored (README, "What is mapped"). */
const IGNORED_USER_ATTRIBUTES = new Set([
  'nickname',
  'profileurl',
  'usertype',
  'preferredlanguage',
  'locale',
  'timezone',
  'password',
  'phonenumbers',
  'ims',
  'photos',
  'addresses',
  'groups',
  'entitlements',
  'roles',
  'x509certificates',
  'name.middlename',
  'name.honorificprefix',
  'name.honorificsuffix',
]);

const invalidValue = (path: string, message: string) =>
  new ScimError(400, `The value for “${path}” is not valid: ${message}`, 'invalidValue');

function parseWith<T>(schema: z.ZodType<T>, path: string, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidValue(path, parsed.error.issues[0]?.message ?? 'wrong type.');
  return parsed.data;
}

const optionalText = (max: number) => text(max).trim().nullable();

/** A path's attribute, lower-cased, with the core schema prefix removed; null for extension attributes. */
function normalisePath(path: string): string | null {
  const trimmed = path.trim();
  if (CORE_PREFIX.test(trimmed)) return trimmed.replace(CORE_PREFIX, '').toLowerCase();
  // Extensions (enterprise, custom): not kept, accepted and ignored.
  if (/^urn:/i.test(trimmed)) return null;
  return trimmed.toLowerCase();
}

const EMAIL_FILTER = /^emails\[\s*(type|primary)\s+eq\s+("?)([^"\]]*)\2\s*\](?:\.(value))?$/;

function primaryEmailIndex(emails: ScimEmail[]): number {
  const primary = emails.findIndex((email) => email.primary === true);
  if (primary >= 0) return primary;
  const work = emails.findIndex((email) => email.type?.toLowerCase() === 'work');
  return work;
}

function applyUserValue(state: UserState, op: PatchOperation['op'], rawPath: string, value: unknown): void {
  const path = normalisePath(rawPath);
  if (path === null || IGNORED_USER_ATTRIBUTES.has(path) || /^(phonenumbers|addresses|ims|photos|roles)\[/.test(path))
    return;
  const removing = op === 'remove';
  switch (path) {
    case 'active':
      if (removing) throw invalidValue(rawPath, 'active cannot be removed; set it to true or false.');
      state.active = parseWith(booleanish, rawPath, value);
      return;
    case 'username':
      if (removing) throw new ScimError(400, 'userName cannot be removed.', 'mutability');
      state.userName = parseWith(text(320).trim().min(1, 'userName cannot be empty.'), rawPath, value);
      return;
    case 'displayname':
      state.displayName = removing ? null : parseWith(optionalText(200), rawPath, value);
      return;
    case 'externalid':
      state.externalId = removing ? null : parseWith(optionalText(255), rawPath, value);
      return;
    case 'title':
      state.title = removing ? null : parseWith(optionalText(200), rawPath, value);
      return;
    case 'name.givenname':
    case 'name.familyname':
    case 'name.formatted': {
      const key = path === 'name.givenname' ? 'givenName' : path === 'name.familyname' ? 'familyName' : 'formatted';
      state.name[key] = removing ? null : parseWith(optionalText(200), rawPath, value);
      return;
    }
    case 'name': {
      if (removing) {
        state.name = { givenName: null, familyName: null, formatted: null };
        return;
      }
      const parts = parseWith(
        z.looseObject({
          givenName: optionalText(200).optional(),
          familyName: optionalText(200).optional(),
          formatted: optionalText(200).optional(),
        }),
        rawPath,
        value,
      );
      // A complex value replaces the sub-attributes it names and leaves the others (RFC 7644 §3.5.2.3).
      for (const key of ['givenName', 'familyName', 'formatted'] as const) {
        if (parts[key] !== undefined) state.name[key] = parts[key];
      }
      return;
    }
    case 'emails': {
      if (removing) {
        state.emails = [];
        return;
      }
      const entries = parseWith(z.array(emailEntrySchema).max(20), rawPath, Array.isArray(value) ? value : [value]);
      state.emails = op === 'add' ? [...state.emails, ...entries] : entries;
      return;
    }
  }
  const filtered = EMAIL_FILTER.exec(path);
  if (filtered) {
    const [, key, , wanted] = filtered;
    const index =
      key === 'primary'
        ? state.emails.findIndex((email) => String(email.primary === true) === wanted)
        : state.emails.findIndex((email) => (email.type ?? '').toLowerCase() === wanted);
    if (removing) {
      if (index >= 0) state.emails.splice(index, 1);
      return;
    }
    const address = parseWith(text(320).trim(), rawPath, value);
    if (index >= 0) state.emails[index] = { ...state.emails[index], value: address };
    else
      state.emails.push({ value: address, type: key === 'type' ? wanted : 'work', primary: state.emails.length === 0 });
    return;
  }
  throw new ScimError(400, `Skillgrid's User has no attribute “${rawPath}”.`, 'invalidPath');
}

function valueObject(op: PatchOperation): Record<string, unknown> {
  if (typeof op.value !== 'object' || op.value === null || Array.isArray(op.value)) {
    throw new ScimError(400, 'An operation without a path needs an object value.', 'invalidSyntax');
  }
  return op.value as Record<string, unknown>;
}

export function applyUserPatch(current: UserState, operations: readonly PatchOperation[]): UserState {
  const state: UserState = structuredClone(current);
  for (const op of operations) {
    if (op.path !== undefined && op.path.trim() !== '') {
      if (op.op !== 'remove' && op.value === undefined) {
        throw new ScimError(400, `The ${op.op} of “${op.path}” has no value.`, 'invalidSyntax');
      }
      applyUserValue(state, op.op, op.path, op.value);
      continue;
    }
    if (op.op === 'remove') throw new ScimError(400, 'A remove needs a path.', 'noTarget');
    for (const [key, value] of Object.entries(valueObject(op))) {
      // The enterprise extension as one object: nothing of it is kept.
      if (/^urn:/i.test(key) && !CORE_PREFIX.test(key)) continue;
      if (key.toLowerCase() === 'schemas' || key.toLowerCase() === 'id' || key.toLowerCase() === 'meta') continue;
      applyUserValue(state, op.op, key, value);
    }
  }
  return state;
}

const memberValues = (path: string, value: unknown): string[] =>
  parseWith(z.array(z.looseObject({ value: text(100) })).max(10_000), path, Array.isArray(value) ? value : [value]).map(
    (member) => member.value,
  );

const MEMBER_FILTER = /^members\[\s*value\s+eq\s+"([^"]*)"\s*\]$/;

function applyGroupValue(state: GroupState, op: PatchOperation['op'], rawPath: string, value: unknown): void {
  const path = normalisePath(rawPath);
  if (path === null) return;
  const removing = op === 'remove';
  switch (path) {
    case 'displayname':
      if (removing) throw new ScimError(400, 'displayName cannot be removed.', 'mutability');
      state.displayName = parseWith(text(200).trim().min(1, 'displayName cannot be empty.'), rawPath, value);
      return;
    case 'externalid':
      state.externalId = removing ? null : parseWith(optionalText(255), rawPath, value);
      return;
    case 'members': {
      if (removing) {
        // Entra names the members to remove in `value`; without one, every member goes (RFC 7644 §3.5.2.2).
        if (value === undefined || value === null) state.members.clear();
        else for (const id of memberValues(rawPath, value)) state.members.delete(id);
        return;
      }
      const ids = value === null ? [] : memberValues(rawPath, value);
      if (op === 'replace') state.members.clear();
      for (const id of ids) state.members.add(id);
      return;
    }
  }
  const filtered = MEMBER_FILTER.exec(rawPath.trim().replace(CORE_PREFIX, ''));
  if (filtered && removing) {
    state.members.delete(filtered[1]!);
    return;
  }
  throw new ScimError(400, `Skillgrid's Group has no attribute “${rawPath}” for ${op}.`, 'invalidPath');
}

export function applyGroupPatch(current: GroupState, operations: readonly PatchOperation[]): GroupState {
  const state: GroupState = { ...current, members: new Set(current.members) };
  for (const op of operations) {
    if (op.path !== undefined && op.path.trim() !== '') {
      if (op.op !== 'remove' && op.value === undefined) {
        throw new ScimError(400, `The ${op.op} of “${op.path}” has no value.`, 'invalidSyntax');
      }
      applyGroupValue(state, op.op, op.path, op.value);
      continue;
    }
    if (op.op === 'remove') throw new ScimError(400, 'A remove needs a path.', 'noTarget');
    for (const [key, value] of Object.entries(valueObject(op))) {
      const lower = key.toLowerCase();
      // Okta repeats the group's id in its rename; schemas and meta are not attributes to change.
      if (lower === 'id' || lower === 'schemas' || lower === 'meta') continue;
      applyGroupValue(state, op.op, key, value);
    }
  }
  return state;
}

/** The sign-in address a SCIM user resolves to: the primary (or work, or first) email, else an email-like userName. */
export function signInEmail(state: Pick<UserState, 'emails' | 'userName'>): string | null {
  const index = primaryEmailIndex(state.emails);
  const candidate = (state.emails[index >= 0 ? index : 0]?.value ?? state.userName).trim().toLowerCase();
  return z.email().safeParse(candidate).success ? candidate : null;
}

/** The name Skillgrid shows: displayName, else formatted, else given + family name. */
export function displayNameOf(state: Pick<UserState, 'displayName' | 'name'>): string | null {
  const joined = [state.name.givenName, state.name.familyName].filter(Boolean).join(' ').trim();
  return state.displayName?.trim() || state.name.formatted?.trim() || joined || null;
}
