import { DomainError } from '../../common/errors/api-error';

/** Stable codes of the listening-source API (never rename one). */
export enum SourceErrorCode {
  SourceTokenInvalid = 'SourceTokenInvalid',
  SourceUnavailable = 'SourceUnavailable',
  SourceNotConnected = 'SourceNotConnected',
}

export const sourceTokenInvalid = (reason: string) =>
  new DomainError(SourceErrorCode.SourceTokenInvalid, 422, 'The token was refused.', [
    { field: 'token', reason },
  ]);

export const sourceUnavailable = (label: string, retryAfterS?: number) =>
  new DomainError(
    SourceErrorCode.SourceUnavailable,
    503,
    `${label} cannot be reached right now; try again in a moment.`,
    undefined,
    retryAfterS ? { 'Retry-After': String(retryAfterS) } : undefined,
  );

export const sourceNotConnected = (kind: string) =>
  new DomainError(SourceErrorCode.SourceNotConnected, 404, `No ${kind} account is connected.`, [
    { field: 'kind', reason: `no ${kind} account is connected` },
  ]);
