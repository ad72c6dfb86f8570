import { DomainError, ErrorCode, NotFoundError } from '../../common/errors/api-error';
import { formatBytes } from './format-bytes';
import { HistoryInvalidError } from './streaming-history.errors';

/** Stable codes of the listener insights and the streaming-history import (never rename one). */
export enum InsightsErrorCode {
  HistoryInvalid = 'HistoryInvalid',
  HistoryImportInProgress = 'HistoryImportInProgress',
}

export const historyTooLarge = (limitBytes: number, what: 'upload' | 'unzipped') =>
  new DomainError(
    ErrorCode.PayloadTooLarge,
    413,
    what === 'upload'
      ? `The upload is larger than the import limit of ${formatBytes(limitBytes)} (${limitBytes} bytes). ` +
          'Upload the ZIP, or its Streaming_History_Audio_*.json files one at a time.'
      : `The ZIP unpacks to more than the import limit of ${formatBytes(limitBytes)} (${limitBytes} bytes). ` +
          'Upload its Streaming_History_Audio_*.json files one at a time.',
  );

export const historyInvalid = (error: HistoryInvalidError) =>
  new DomainError(
    InsightsErrorCode.HistoryInvalid,
    422,
    `This is not a Spotify extended streaming history: ${error.message}.`,
    [
      {
        field: `${error.file}${error.index === null ? '' : `[${error.index}]`}${error.field ? `.${error.field}` : ''}`,
        reason: error.reason,
      },
    ],
  );

export const historyUnsupportedType = (type: string | undefined) =>
  new DomainError(
    ErrorCode.UnsupportedMediaType,
    415,
    `Send the history as application/json (one Streaming_History_Audio_*.json file) or application/zip (the export), not ${type || 'no Content-Type'}.`,
  );

export const historyImportInProgress = () =>
  new DomainError(
    InsightsErrorCode.HistoryImportInProgress,
    409,
    'An import of your history is still running. Wait for it to finish, then upload the next file.',
  );

export const historyImportQueueFull = () =>
  new DomainError(
    ErrorCode.ServiceUnavailable,
    503,
    'Too many history imports are waiting to be written right now. Upload the file again in a few minutes.',
  );

/** The same answer as a malformed id (idOf('Import')): another listener's import does not exist for you. */
export const historyImportNotFound = () => new NotFoundError('Import');

export const invalidTimeZone = (tz: string) =>
  new DomainError(ErrorCode.ValidationFailed, 400, `tz ${tz} is not a time zone the database knows.`, [
    { field: 'tz', reason: 'must be an IANA time zone such as Europe/Berlin or UTC' },
  ]);
