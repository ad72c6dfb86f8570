/** The upload (or what its ZIP unpacks to) is over the limit. */
export class HistoryTooLargeError extends Error {
  constructor(
    readonly limitBytes: number,
    readonly what: 'upload' | 'unzipped',
  ) {
    super(`${what} over ${limitBytes} bytes`);
    this.name = 'HistoryTooLargeError';
  }
}

/** The upload is not an extended streaming history; `file` and `index` (0-based) say where. */
export class HistoryInvalidError extends Error {
  constructor(
    readonly file: string,
    readonly index: number | null,
    readonly field: string | null,
    readonly reason: string,
  ) {
    super(`${file}${index === null ? '' : `, entry ${index}`}: ${field ? `${field} ` : ''}${reason}`.trim());
    this.name = 'HistoryInvalidError';
  }
}
