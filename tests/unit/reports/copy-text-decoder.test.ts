import { describe, expect, it } from 'vitest';
import { CopyTextDecoder, inlineStatement } from '@/lib/reports/copy-stream';
import { sql } from 'drizzle-orm';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (parts: Uint8Array[]) => new TextDecoder().decode(Buffer.concat(parts));

describe('CopyTextDecoder (COPY … TO STDOUT text format → CSV lines)', () => {
  // What PostgreSQL writes for two rows: a backslash, a tab, CR and LF inside a field are escaped.
  const copied = 'a,"x\\\\y",b\\tc\n"line\\r\\none",2\n';
  const csv = 'a,"x\\y",b\tc\r\n"line\r\none",2\r\n';

  it('undoes the escapes and ends each row with CRLF', () => {
    const decoder = new CopyTextDecoder();
    expect(text([decoder.decode(bytes(copied))])).toBe(csv);
    expect(decoder.rows).toBe(2);
  });

  it('gives the same bytes wherever the chunks split, an escape across two chunks included', () => {
    const whole = bytes(copied);
    for (let cut = 0; cut <= whole.length; cut += 1) {
      const decoder = new CopyTextDecoder();
      const out = [decoder.decode(whole.subarray(0, cut)), decoder.decode(whole.subarray(cut))];
      expect(text(out), `cut at ${cut}`).toBe(csv);
      expect(decoder.rows).toBe(2);
    }
  });

  it('refuses an escape COPY never writes rather than guess', () => {
    expect(() => new CopyTextDecoder().decode(bytes('a\\x\n'))).toThrow(/unexpected escape/);
  });
});

describe('inlineStatement (COPY takes no parameters)', () => {
  it('writes parameters as literals, quotes doubled (standard-conforming strings: a backslash stays one)', () => {
    const statement = sql`select ${"O'Brien"}, ${3}, ${true}, ${null}, x in ${['a"b', 'c\\d']}`;
    expect(inlineStatement(statement)).toBe(`select 'O''Brien', 3, true, null, x in ('a"b', 'c\\d')`);
  });
});
