import { describe, expect, it } from 'vitest';
import { CopyBinaryDecoder, inlineStatement } from '@/lib/reports/copy-stream';
import { sql } from 'drizzle-orm';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (parts: Uint8Array[]) => new TextDecoder().decode(Buffer.concat(parts));

/** What `COPY (select <one text column>) TO STDOUT WITH (FORMAT binary)` sends for these records. */
function copyBinary(records: string[], extension = new Uint8Array(0)): Uint8Array {
  const parts: Uint8Array[] = [
    Uint8Array.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]),
    Uint8Array.from([0, 0, 0, 0, 0, 0, 0, extension.length]),
    extension,
  ];
  for (const record of records) {
    const data = bytes(record);
    const framing = new DataView(new ArrayBuffer(6));
    framing.setInt16(0, 1);
    framing.setInt32(2, data.length);
    parts.push(new Uint8Array(framing.buffer), data);
  }
  parts.push(Uint8Array.from([0xff, 0xff]));
  return Buffer.concat(parts);
}

describe('CopyBinaryDecoder (COPY … TO STDOUT binary format → CSV lines)', () => {
  // Records as csv.ts renders them: quotes, a backslash, a tab, CR and LF inside a field, an empty record, UTF-8.
  const records = ['a,"x\\y",b\tc', '"line\r\none",2', '', 'Zoë,"=cmd",🚀'];
  const csv = records.map((record) => `${record}\r\n`).join('');

  it('gives each record its bytes and a CRLF', () => {
    const decoder = new CopyBinaryDecoder();
    expect(text([decoder.decode(copyBinary(records))])).toBe(csv);
    expect(decoder.rows).toBe(4);
  });

  it('gives the same bytes wherever the chunks split: in the header, a length or a field', () => {
    const whole = copyBinary(records, Uint8Array.from([1, 2, 3]));
    for (let cut = 0; cut <= whole.length; cut += 1) {
      for (const second of [cut, Math.min(whole.length, cut + 1), Math.min(whole.length, cut + 5)]) {
        const decoder = new CopyBinaryDecoder();
        const out = [
          decoder.decode(whole.subarray(0, cut)),
          decoder.decode(whole.subarray(cut, second)),
          decoder.decode(whole.subarray(second)),
        ];
        expect(text(out), `cuts at ${cut} and ${second}`).toBe(csv);
        expect(decoder.rows).toBe(4);
      }
    }
  });

  it('gives the same bytes one byte at a time', () => {
    const whole = copyBinary(records);
    const decoder = new CopyBinaryDecoder();
    const out = [...whole].map((byte) => decoder.decode(Uint8Array.from([byte])));
    expect(text(out)).toBe(csv);
  });

  it('refuses what it was not made for rather than guess', () => {
    expect(() => new CopyBinaryDecoder().decode(bytes('a,b\n'.repeat(10)))).toThrow(/not a COPY binary stream/);
    const twoColumns = copyBinary(['x']);
    twoColumns[19 + 1] = 2;
    expect(() => new CopyBinaryDecoder().decode(twoColumns)).toThrow(/2 columns/);
    const nullRecord = copyBinary(['x']);
    nullRecord.set([0xff, 0xff, 0xff, 0xff], 19 + 2);
    expect(() => new CopyBinaryDecoder().decode(nullRecord)).toThrow(/NULL record/);
  });
});

describe('inlineStatement (COPY takes no parameters)', () => {
  it('writes parameters as literals, quotes doubled (standard-conforming strings: a backslash stays one)', () => {
    const statement = sql`select ${"O'Brien"}, ${3}, ${true}, ${null}, x in ${['a"b', 'c\\d']}`;
    expect(inlineStatement(statement)).toBe(`select 'O''Brien', 3, true, null, x in ('a"b', 'c\\d')`);
  });
});
