import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../errors/api-error';

/** What each status means when a route gives no more precise description. */
const DESCRIPTIONS: Record<number, string> = {
  400: 'ValidationFailed: a parameter is not valid (details per field).',
  401: 'Unauthenticated: no valid session cookie or API key.',
  403: 'Forbidden.',
  404: 'NotFound.',
  409: 'Conflict.',
  410: 'Gone.',
  413: 'PayloadTooLarge.',
  415: 'UnsupportedMediaType.',
  422: 'UnprocessableEntity.',
  429: 'TooManyRequests, with Retry-After.',
  503: 'ServiceUnavailable.',
};

/** A status, or a status with the route's own description of when it answers it. */
export type ErrorStatus = number | readonly [status: number, description: string];

/** The error description of a status when the route gives none. */
export function errorDescription(status: number): string {
  return DESCRIPTIONS[status] ?? 'An error.';
}

/**
 * Documents error answers of a route (or of every route of a controller), all in the one error shape
 * (`ErrorResponseDto`): `@ApiErrorResponses(400, [404, 'No such campaign among yours.'])`.
 * 401, 403 for CSRF/scopes/roles, 400 and 413 for request bodies, and the default are added to every
 * operation they apply to by buildOpenApiDocument: list here only what the route itself answers.
 */
export function ApiErrorResponses(...statuses: ErrorStatus[]) {
  return applyDecorators(
    ...statuses.map((entry) => {
      const [status, description] = typeof entry === 'number' ? [entry, errorDescription(entry)] : entry;
      return ApiResponse({ status, type: ErrorResponseDto, description });
    }),
  );
}
