import { strToU8 } from 'fflate';
import { JsonArrayScanner } from './json-array-scanner';

describe('JsonArrayScanner', () => {
  const scan = (text: string, size = 3) => {
    const values: unknown[] = [];
    const scanner = new JsonArrayScanner('f.json', (value) => values.push(value));
    const bytes = strToU8(text);
    for (let i = 0; i < bytes.length; i += size) scanner.push(bytes.subarray(i, i + size));
    scanner.end();
    return values;
  };

  it('cuts an array into its objects across any chunk boundary, strings with brackets and escapes included', () => {
    const values = [{ a: '}]{["\\' }, { b: [1, { c: 'ü ✓ 😀' }] }, {}];
    for (const size of [1, 2, 3, 5, 64])
      expect(scan(`\uFEFF [ ${JSON.stringify(values)}`.replace('[ [', '['), size)).toEqual(values);
    expect(scan('[]')).toEqual([]);
  });

  it.each([
    ['', null, /is empty/],
    ['{"a":1}', null, /not a JSON array/],
    ['[{"a":1},]', 1, /not an object/],
    ['[{"a":1} {"b":2}]', 1, /comma/],
    ['[{"a":1},{"b":}]', 1, /not valid JSON/],
    ['[{"a":1},{"b":2}', null, /cut short/],
    ['[{"a":1},{"b":', 1, /cut short/],
    ['[{"a":1}] x', null, /more after/],
    ['[1]', 0, /not an object/],
  ])('refuses %j at entry %s', (text, index, reason) => {
    expect(() => scan(text)).toThrow(
      expect.objectContaining({ index, reason: expect.stringMatching(reason) }) as Error,
    );
  });
});
