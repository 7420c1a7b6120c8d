/**
 * Hostile values and the ways an action's input can be bent, as fast-check
 * arbitraries. Mutations are described independently of a concrete input (a
 * path is chosen by index at apply time), so each case can apply them to a
 * fresh legitimate input built by the action matrix.
 */
import fc from 'fast-check';

const HUGE = 'x'.repeat(100_001);

/** Strings that break naive code: control and NUL bytes, lone surrogates, RTL overrides, emoji, SQL and HTML. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '   \t\n ',
  '\u0000',
  'a\u0000b',
  '\u0000\u0000\u0000',
  '\uD800',
  'x\uDC00y',
  '\uDBFF\uDFFF',
  '\u202Egnp.exe',
  '\u200B\u200C\u200D\uFEFF',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  'ﷺ'.repeat(50),
  'Ǆ̴̶̷̸̡̢̧̨̛̖̗̘̙̜̝̞̟̠̣̤̥̦̩̪̫̬̭̮̯̰̱̲̳̹̺̻̼͇͈͉͍͎̀́̂̃̄̅̆̇̈̉̊̋̌̍̎̏̐̑̒̓̔̽̾̿̀́͂̓̈́͆͊͋͌̕̚ͅ',
  "' OR '1'='1",
  "'; drop table users; --",
  '1; select pg_sleep(5)',
  '$1',
  '%',
  '%00',
  '%E0%A4%A',
  '..%2F..%2Fetc%2Fpasswd',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '{{7*7}}${7*7}',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e309',
  '99999999999999999999999',
  '0x10',
  '3.5',
  'true',
  'on',
  '2026-02-30',
  '0000-01-01',
  '99999-12-31',
  '2026-10-01T25:61:00Z',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  ' 11111111-1111-4111-8111-111111111111 ',
  'a'.repeat(256),
  'é'.repeat(5_000),
  HUGE,
];

/** Text a person may well type into a name or a note: stored as typed (or refused with a message), never an error. */
export const UNUSUAL_TEXT = [
  'Zoë Ångström-Łukasiewicz',
  '李小龍 と 山田',
  'مرحبا بالعالم',
  'שלום ‮olleh',
  'Team 👩‍👩‍👧‍👦 🚀',
  "O'Brien; drop table teams; --",
  'Robert"); DELETE FROM ratings; --',
  '<b>bold</b> & <i>italic</i> &amp;',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '  padded  ',
  'line\nbreak',
  'tab\there',
  '${7*7} {{7*7}} %s %n',
  'x\u200By\uFEFF',
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((text) => `${text}\u0000${text}`) },
  { weight: 1, arbitrary: fc.uuid() },
);

export const hostileNumber: fc.Arbitrary<number | bigint> = fc.oneof(
  fc.constantFrom(
    NaN,
    Infinity,
    -Infinity,
    -0,
    -1,
    0,
    1,
    2 ** 31,
    2 ** 53 + 1,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    1e308,
    -1e308,
  ),
  fc.integer(),
  fc.double(),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
);

/** Any value a caller could put where one value was expected. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, true, false, [], {}, new Date(Number.NaN), new Date(0)) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.array(fc.constant('x'), { minLength: 1_000, maxLength: 1_001 }) },
  { weight: 2, arbitrary: fc.anything({ maxDepth: 2 }) },
);

/** Field names worth smuggling in: tenant and identity keys, prototype keys, and noise. */
export const extraKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'organizationId',
    'organization_id',
    'userId',
    'membershipId',
    'role',
    'id',
    '__proto__',
    'constructor',
    'prototype',
    'isAdmin',
  ),
  fc.string({ maxLength: 12 }),
);

export type Mutation =
  | { kind: 'replace'; at: number; value: unknown }
  /** An id of an organization the caller does not belong to, in a field that holds an id. */
  | { kind: 'foreignId'; at: number; pick: number }
  /** A syntactically valid id that exists nowhere. */
  | { kind: 'unknownId'; at: number; id: string }
  | { kind: 'remove'; at: number }
  | { kind: 'extra'; at: number; key: string; value: unknown; foreign: boolean; pick: number }
  | { kind: 'whole'; value: unknown }
  /** Unusual but plausible text in a free-text field: exercises the accepting path, not only refusals. */
  | { kind: 'text'; at: number; value: string; suffix: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hostileValue }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('foreignId' as const), at: fc.nat(), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unknownId' as const), at: fc.nat(), id: fc.uuid() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('extra' as const),
      at: fc.nat(),
      key: extraKey,
      value: hostileValue,
      foreign: fc.boolean(),
      pick: fc.nat(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('whole' as const), value: hostileValue }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('text' as const),
      at: fc.nat(),
      value: fc.oneof(fc.constantFrom(...UNUSUAL_TEXT), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 })),
      suffix: fc.nat(),
    }),
  },
);

/** Whether the input is sent as a plain object (client code) or as FormData (a form post, values stringified). */
export const transport = fc.constantFrom('object', 'object', 'formData', 'actionState');
export type Transport = 'object' | 'formData' | 'actionState';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type Path = (string | number)[];

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof FormData);

function paths(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => [[...prefix, index], ...paths(item, [...prefix, index])]);
  if (isPlainObject(value)) {
    return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...paths(item, [...prefix, key])]);
  }
  return [];
}

/** How many places (fields, list items, nested fields) the input has; a mutation's `at` picks one modulo this. */
export const placeCount = (value: unknown) => paths(value).length;

function containers(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => containers(item, [...prefix, index]));
  if (isPlainObject(value)) {
    return [prefix, ...Object.entries(value).flatMap(([key, item]) => containers(item, [...prefix, key]))];
  }
  return [];
}

function get(root: unknown, path: Path): unknown {
  return path.reduce<unknown>(
    (node, key) =>
      typeof node === 'object' && node !== null && Object.hasOwn(node, key)
        ? (node as Record<string | number, unknown>)[key]
        : undefined,
    root,
  );
}

/** Returns a copy with the value at `path` replaced (or removed when `value` is REMOVE). */
const REMOVE = Symbol('remove');
function set(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...Path];
  if (Array.isArray(root)) {
    const copy = [...root];
    if (rest.length === 0 && value === REMOVE) copy.splice(head as number, 1);
    else copy[head as number] = set(copy[head as number], rest, value);
    return copy;
  }
  const copy: Record<string, unknown> = { ...(root as Record<string, unknown>) };
  if (rest.length === 0 && value === REMOVE) {
    delete copy[head];
    return copy;
  }
  // defineProperty, so a key named __proto__ becomes a field rather than the prototype.
  const next = rest.length === 0 ? value : set(Object.hasOwn(copy, head) ? copy[head] : undefined, rest, value);
  Object.defineProperty(copy, head, { value: next, enumerable: true, writable: true, configurable: true });
  return copy;
}

export interface Applied {
  input: unknown;
  /** A field that held an id now holds another organization's id: only a refusal is right. */
  foreignIdPlaced: boolean;
  labels: string[];
}

/** Applies the mutations in order to a legitimate input; `foreignIds` are ids of organizations the caller is not in. */
export function applyMutations(valid: unknown, mutations: readonly Mutation[], foreignIds: readonly string[]): Applied {
  let input = valid;
  const labels: string[] = [];
  for (const change of mutations) {
    const all = paths(input);
    const ids = all.filter((path) => {
      const value = get(input, path);
      return typeof value === 'string' && UUID.test(value);
    });
    const label = (path: Path) => (path.length ? path.join('.') : '(root)');
    switch (change.kind) {
      case 'replace': {
        const path = all[change.at % Math.max(all.length, 1)] ?? [];
        input = set(input, path, change.value);
        labels.push(`replace ${label(path)}`);
        break;
      }
      case 'foreignId':
      case 'unknownId': {
        const path = ids[change.at % Math.max(ids.length, 1)];
        if (!path || (change.kind === 'foreignId' && foreignIds.length === 0)) break;
        const id = change.kind === 'foreignId' ? foreignIds[change.pick % foreignIds.length]! : change.id;
        input = set(input, path, id);
        labels.push(`${change.kind} ${label(path)}`);
        break;
      }
      case 'remove': {
        const path = all[change.at % Math.max(all.length, 1)];
        if (!path) break;
        input = set(input, path, REMOVE);
        labels.push(`remove ${label(path)}`);
        break;
      }
      case 'extra': {
        const places = containers(input);
        const path = places[change.at % Math.max(places.length, 1)];
        if (!path) break;
        const value = change.foreign && foreignIds.length ? foreignIds[change.pick % foreignIds.length]! : change.value;
        input = set(input, [...path, change.key], value);
        labels.push(`extra ${label([...path, change.key])}`);
        break;
      }
      case 'text': {
        // Free text: a string that is not an id, a date, an enum-like word, an email or a link.
        const texts = all.filter((path) => {
          const value = get(input, path);
          return (
            typeof value === 'string' &&
            !UUID.test(value) &&
            !/^\d{4}-\d\d-\d\d/.test(value) &&
            !/^[a-z]+$/.test(value) &&
            !/@|^https?:/.test(value)
          );
        });
        const path = texts[change.at % Math.max(texts.length, 1)];
        if (!path) break;
        // A suffix keeps names unique, so "name taken" does not hide the accepting path.
        input = set(input, path, `${change.value} ${change.suffix}`);
        labels.push(`text ${label(path)}`);
        break;
      }
      case 'whole':
        input = change.value;
        labels.push('whole input');
        break;
    }
  }
  // Judged on the result, so a foreign id later removed, or written over an id field by an "extra" key, counts right.
  const foreign = new Set(foreignIds);
  const foreignIdPlaced = paths(valid).some((path) => {
    const before = get(valid, path);
    const after = get(input, path);
    return typeof before === 'string' && UUID.test(before) && typeof after === 'string' && foreign.has(after);
  });
  return { input, foreignIdPlaced, labels };
}

/** What a browser form would post: every top-level value as a string (nested values as JSON, as a careless client would). */
export function toFormData(input: unknown): FormData {
  const data = new FormData();
  if (!isPlainObject(input)) return data;
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    data.append(key, typeof value === 'string' ? value : stringify(value));
  }
  return data;
}

/** JSON that survives bigint, lone surrogates and cycles, for messages and FormData. */
export function stringify(value: unknown): string {
  try {
    return (
      JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? `${item}n` : item)) ?? String(value)
    );
  } catch {
    return String(value);
  }
}

/** A short, printable description of a value for failure messages. */
export function preview(value: unknown): string {
  const text =
    value instanceof FormData ? `FormData ${stringify(Object.fromEntries(value.entries()))}` : stringify(value);
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
}
