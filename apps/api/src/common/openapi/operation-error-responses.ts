import { errorDescription } from './api-error-responses';

const SAFE_METHODS = new Set(['get', 'head', 'options']);
const ERROR_SCHEMA = { $ref: '#/components/schemas/ErrorResponseDto' };

type Operation = Record<string, unknown> & { responses: Record<string, unknown> };

/** Why the AuthGuard may answer 403 to this operation, from the x- marks of the auth decorators. */
function forbiddenReasons(operation: Operation, method: string): string[] {
  const reasons: string[] = [];
  if (!SAFE_METHODS.has(method))
    reasons.push('CsrfTokenMissing: with the session cookie, the X-CSRF-Token header is missing or wrong');
  const scopes = operation['x-scopes'];
  if (Array.isArray(scopes) && scopes.length > 0)
    reasons.push(`MissingScope: the API key lacks ${scopes.join(', ')}`);
  if (operation['x-session-only'] === true)
    reasons.push('Forbidden: for the signed-in owner in the browser, not for API keys');
  const roles = operation['x-roles'];
  if (Array.isArray(roles) && roles.length > 0)
    reasons.push(`Forbidden: needs the ${roles.join(' or ')} role`);
  return reasons;
}

function errorResponse(description: string): Record<string, unknown> {
  return { description, content: { 'application/json': { schema: ERROR_SCHEMA } } };
}

/**
 * Completes an operation's responses with the errors every route of its kind answers, each in the one
 * error shape, unless the route documents that status itself:
 * - signed-in routes: 401 (no valid session or API key) and 403 when the AuthGuard can refuse it;
 * - routes with a JSON body: 400 (MalformedJson, ValidationFailed) and 413 (over BODY_LIMIT_BYTES);
 * - every route: `default`, any other error (500 Internal, 503 ServiceUnavailable…).
 * Errors documented without a description get the usual one. Removes the auth decorators' x- marks and
 * returns whether the operation is public.
 */
export function addOperationErrorResponses(operation: Operation, method: string): boolean {
  const isPublic = operation['x-public'] === true;
  const responses = operation.responses;
  const add = (status: string, description: string) => {
    if (!(status in responses)) responses[status] = errorResponse(description);
  };
  // An error documented without a description (`@ApiNotFoundResponse({ type: ErrorResponseDto })`) gets the usual one.
  for (const [status, response] of Object.entries(responses) as Array<[string, { description?: string }]>) {
    if (Number(status) >= 400 && !response.description)
      response.description = errorDescription(Number(status));
  }
  if (!isPublic) {
    add('401', errorDescription(401));
    const reasons = forbiddenReasons(operation, method);
    if (reasons.length > 0) add('403', `${reasons.join('; ')}.`);
  }
  const body = operation['requestBody'] as { content?: Record<string, unknown> } | undefined;
  if (body?.content?.['application/json']) {
    add('400', 'MalformedJson: the body is not valid JSON; ValidationFailed: details per field.');
    add('413', 'PayloadTooLarge: the body is larger than BODY_LIMIT_BYTES.');
  }
  add('default', 'Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape.');
  for (const mark of ['x-public', 'x-scopes', 'x-roles', 'x-session-only']) delete operation[mark];
  return isPublic;
}
