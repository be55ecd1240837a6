import { JsonLineReader, type JsonLineEvent } from './json-line.reader.js';

function read(chunks: Array<string | Buffer>, limit = 16, end = true): JsonLineEvent[] {
  const events: JsonLineEvent[] = [];
  const reader = new JsonLineReader(limit, (event) => events.push(event));
  for (const chunk of chunks) reader.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  if (end) reader.end();
  return events;
}

describe('JsonLineReader', () => {
  it('splits lines across and within chunks, drops CR and blank lines, and keeps a last line without newline', () => {
    expect(read(['{"a":', '1}\n{"b":2}\r\n\n  \n{"c"', ':3}'])).toEqual([
      { kind: 'line', text: '{"a":1}' },
      { kind: 'line', text: '{"b":2}' },
      { kind: 'line', text: '{"c":3}' },
    ]);
  });

  it('keeps a multi-byte character split between chunks intact', () => {
    const bytes = Buffer.from('"héllo"\n');
    expect(read([bytes.subarray(0, 3), bytes.subarray(3)])).toEqual([{ kind: 'line', text: '"héllo"' }]);
  });

  it('reports a line over the limit once, skips it to its newline, and reads the next line', () => {
    expect(read(['0123456789', '0123456789', '0123456789\n{"ok":1}\n'])).toEqual([
      { kind: 'oversized', limit: 16 },
      { kind: 'line', text: '{"ok":1}' },
    ]);
  });

  it('accepts a line of exactly the limit', () => {
    expect(read(['0123456789abcdef\n'])).toEqual([{ kind: 'line', text: '0123456789abcdef' }]);
  });

  it('does not hand on the unfinished tail of an oversized line when the input ends', () => {
    expect(read(['0123456789abcdefXYZ'])).toEqual([{ kind: 'oversized', limit: 16 }]);
  });
});
