import { describe, expect, it } from 'vitest';
import { neutraliseCell, safeCell, safeRecord } from '@/lib/reports/csv-safety';
import { csvLines } from '@/lib/reports/csv';

describe('neutraliseCell (OWASP CSV injection)', () => {
  it.each([
    ['=', '=HYPERLINK("http://x")'],
    ['+', '+1'],
    ['-', '-2'],
    ['@', '@SUM(A1)'],
    ['tab', '\t=1+1'],
    ['carriage return', '\r=1+1'],
  ])('prefixes a cell starting with %s with a single quote', (_name, value) => {
    expect(neutraliseCell(value)).toBe(`'${value}`);
  });

  it.each(['Alice', '', ' =1', 'a=b', '1+1', "'already", 'Zoë', '\n=1'])('leaves %j as it is', (value) => {
    expect(neutraliseCell(value)).toBe(value);
  });

  it('keeps numbers (negative ones included) as numbers and empties null', () => {
    expect(safeCell(-2)).toBe(-2);
    expect(safeCell(3)).toBe(3);
    expect(safeCell(null)).toBe('');
    expect(safeCell(undefined)).toBe('');
    expect(safeRecord(['-x', 0, null])).toEqual(["'-x", 0, '']);
  });
});

describe('csvLines', () => {
  it('quotes per RFC 4180 with CRLF records and neutralises strings', () => {
    const text = csvLines([
      ['a,b', 'say "hi"', 'line\nbreak', '=1', -1, null],
      ['Zoë', '@x', '\tt', 'plain', 2, 'ok'],
    ]);
    expect(text).toBe('"a,b","say ""hi""","line\nbreak",\'=1,-1,\r\n' + "Zoë,'@x,'\tt,plain,2,ok\r\n");
  });
});
