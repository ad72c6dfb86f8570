/** A table of plain values: what a chart shows, as rows (first row the header). */
export type Cell = string | number | null | undefined;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled. Text that a
 * spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) gets a leading apostrophe, as the
 * API's exports do; numbers are written as numbers.
 */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows to CSV text: CRLF line ends, as RFC 4180 and spreadsheets expect. */
export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** A chart's categories and series as rows: `[categoryHeader, series...]`, then one row per category. */
export function seriesTable(
  categoryHeader: string,
  labels: readonly string[],
  series: readonly { label: string; data: readonly number[] }[],
): Cell[][] {
  return [
    [categoryHeader, ...series.map((s) => s.label)],
    ...labels.map((label, i) => [label, ...series.map((s) => s.data[i] ?? null)]),
  ];
}

/** A file name safe everywhere: lower case letters, digits and dashes. */
export function fileSlug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'chart'
  );
}
