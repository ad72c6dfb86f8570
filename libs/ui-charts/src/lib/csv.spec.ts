import { csvField, fileSlug, seriesTable, toCsv } from './csv';

describe('CSV building', () => {
  it('quotes what needs quoting and doubles quotes (RFC 4180), with CRLF line ends', () => {
    expect(
      toCsv([
        ['Track', 'Plays'],
        ['Song, "Quoted"', 3],
        ['Two\nlines', null],
      ]),
    ).toBe('Track,Plays\r\n"Song, ""Quoted""",3\r\n"Two\nlines",\r\n');
  });

  it('defuses text a spreadsheet would run as a formula, but keeps negative numbers', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@me')).toBe("'@me");
    expect(csvField(-3)).toBe('-3');
    expect(csvField(Number.NaN)).toBe('');
  });

  it("lays a chart's series out as columns beside its categories", () => {
    expect(
      seriesTable(
        'Day',
        ['1 Mar', '2 Mar'],
        [
          { label: 'Clicks', data: [5, 7] },
          { label: 'Plays', data: [1] },
        ],
      ),
    ).toEqual([
      ['Day', 'Clicks', 'Plays'],
      ['1 Mar', 5, 1],
      ['2 Mar', 7, null],
    ]);
  });

  it('makes file names safe', () => {
    expect(fileSlug('Summer Singles — plays over time')).toBe('summer-singles-plays-over-time');
    expect(fileSlug('Café ÉTÉ')).toBe('cafe-ete');
    expect(fileSlug('***')).toBe('chart');
  });
});
