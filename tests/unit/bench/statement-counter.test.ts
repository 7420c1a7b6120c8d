import { describe, expect, it } from 'vitest';
import { frontendParser, repeatedStatements } from '../../../scripts/bench/statement-counter';

const int32 = (value: number) => {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
};
const cstr = (text: string) => Buffer.from(`${text}\0`);
const message = (type: string, ...parts: Buffer[]) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from(type), int32(body.length + 4), body]);
};
const startup = () => {
  const body = Buffer.concat([int32(196608), cstr('user'), cstr('app'), Buffer.from([0])]);
  return Buffer.concat([int32(body.length + 4), body]);
};
const sslRequest = () => Buffer.concat([int32(8), int32(80877103)]);
const parse = (name: string, text: string) => message('P', cstr(name), cstr(text), Buffer.from([0, 0]));
const bind = (portal: string, statement: string) =>
  message('B', cstr(portal), cstr(statement), Buffer.from([0, 0, 0, 0, 0, 0]));
const execute = (portal: string) => message('E', cstr(portal), int32(0));
const sync = () => message('S');

function run(chunks: Buffer[]) {
  const seen: string[] = [];
  let encrypted = 0;
  const feed = frontendParser(
    (text) => seen.push(text),
    () => (encrypted += 1),
  );
  for (const chunk of chunks) feed(chunk);
  return { seen, encrypted };
}

describe('the wire statement counter', () => {
  it('counts simple queries and executions of prepared statements, by their text', () => {
    const stream = Buffer.concat([
      sslRequest(),
      startup(),
      message('Q', cstr('begin')),
      parse('s1', 'select $1::int'),
      bind('', 's1'),
      execute(''),
      sync(),
      // Prepared once, executed again without a Parse: still counted, with its text.
      bind('', 's1'),
      execute(''),
      sync(),
      message('Q', cstr('commit')),
    ]);
    expect(run([stream]).seen).toEqual(['begin', 'select $1::int', 'select $1::int', 'commit']);
  });

  it('reads messages split across chunks at any byte', () => {
    const stream = Buffer.concat([startup(), parse('', 'select 1'), bind('', ''), execute(''), sync()]);
    for (let cut = 1; cut < stream.length; cut += 1) {
      expect(run([stream.subarray(0, cut), stream.subarray(cut)]).seen).toEqual(['select 1']);
    }
  });

  it('says so when the connection turned to TLS', () => {
    const result = run([Buffer.concat([sslRequest(), Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01])])]);
    expect(result).toEqual({ seen: [], encrypted: 1 });
  });

  it('flags a statement run three times or more in one request as one per row', () => {
    const statements = ['select a', 'select b where id = $1', 'select b where  id = $1', 'select b where id = $1'];
    expect([...repeatedStatements(statements)]).toEqual([['select b where id = $1', 3]]);
    expect(repeatedStatements(statements.slice(0, 3)).size).toBe(0);
  });
});
