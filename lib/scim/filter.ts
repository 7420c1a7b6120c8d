/**
 * The part of the SCIM filter language (RFC 7644 §3.4.2.2) provisioning
 * clients use to look a resource up before creating it: `attr eq "value"`,
 * joined by `and`. Okta sends `userName eq "…"`; Entra sends `userName eq`,
 * `externalId eq`, `displayName eq` and, to check a membership,
 * `id eq "…" and members[value eq "…"]`. Anything else is refused with
 * `invalidFilter` rather than guessed at: a wrong match would make the client
 * update the wrong person.
 */
import { ScimError } from './errors';

export interface FilterClause {
  /** The attribute path, lower-cased, schema prefix removed: `username`, `emails.value`, `members.value`. */
  attribute: string;
  value: string | boolean | null;
}

const MAX_FILTER_LENGTH = 1000;
const URN_PREFIX = /^urn:ietf:params:scim:schemas:core:2\.0:(?:user|group):/i;

class Reader {
  position = 0;
  constructor(readonly text: string) {}
  skipSpaces() {
    while (this.text[this.position] === ' ') this.position += 1;
  }
  done() {
    this.skipSpaces();
    return this.position >= this.text.length;
  }
  fail(message: string): never {
    throw new ScimError(400, `The filter is not valid: ${message}.`, 'invalidFilter');
  }
  word(): string {
    this.skipSpaces();
    const match = /^[A-Za-z0-9:._$-]+/.exec(this.text.slice(this.position));
    if (!match) this.fail(`expected a word at character ${this.position + 1}`);
    this.position += match[0].length;
    return match[0];
  }
  peek(char: string) {
    this.skipSpaces();
    return this.text[this.position] === char;
  }
  expect(char: string) {
    if (!this.peek(char)) this.fail(`expected “${char}” at character ${this.position + 1}`);
    this.position += 1;
  }
  value(): string | boolean | null {
    this.skipSpaces();
    if (this.text[this.position] === '"') {
      // A JSON string: the end is the first quote not escaped.
      let end = this.position + 1;
      while (end < this.text.length && this.text[end] !== '"') end += this.text[end] === '\\' ? 2 : 1;
      if (end >= this.text.length) this.fail('a quoted value is not closed');
      const raw = this.text.slice(this.position, end + 1);
      this.position = end + 1;
      try {
        return JSON.parse(raw) as string;
      } catch {
        this.fail('a quoted value has a broken escape');
      }
    }
    const literal = this.word().toLowerCase();
    if (literal === 'true') return true;
    if (literal === 'false') return false;
    if (literal === 'null') return null;
    return this.fail('values must be quoted strings, true, false or null');
  }
}

function comparison(reader: Reader): FilterClause {
  let attribute = reader.word().replace(URN_PREFIX, '').toLowerCase();
  // `members[value eq "x"]` says the same as `members.value eq "x"`.
  if (reader.peek('[')) {
    reader.expect('[');
    const inner = comparison(reader);
    reader.expect(']');
    return { attribute: `${attribute}.${inner.attribute}`, value: inner.value };
  }
  const operator = reader.word().toLowerCase();
  if (operator !== 'eq') {
    reader.fail(`only “eq” is supported, not “${operator}”`);
  }
  if (attribute === 'emails') attribute = 'emails.value';
  return { attribute, value: reader.value() };
}

/** The clauses of a filter, all of which must hold; throws `invalidFilter` for anything outside the subset. */
export function parseFilter(text: string): FilterClause[] {
  if (text.length > MAX_FILTER_LENGTH) {
    throw new ScimError(400, `The filter is longer than ${MAX_FILTER_LENGTH} characters.`, 'invalidFilter');
  }
  const reader = new Reader(text);
  const clauses = [comparison(reader)];
  while (!reader.done()) {
    const joiner = reader.word().toLowerCase();
    if (joiner !== 'and') reader.fail(`only “and” may join comparisons, not “${joiner}”`);
    clauses.push(comparison(reader));
  }
  return clauses;
}

/** Refuses clauses on attributes the resource cannot be filtered by. */
export function requireAttributes(clauses: FilterClause[], allowed: readonly string[]): void {
  for (const clause of clauses) {
    if (!allowed.includes(clause.attribute)) {
      throw new ScimError(
        400,
        `The filter cannot use “${clause.attribute}”. Filter by ${allowed.join(', ')}.`,
        'invalidFilter',
      );
    }
  }
}
