import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Request } from 'express';
import type { ApiKeyScope } from './api-key.entity';
import type { OwnerRole } from './owner.entity';
import type { Principal } from './principal';

export const PUBLIC_KEY = 'soundlink:public';
export const SCOPES_KEY = 'soundlink:scopes';
export const ROLES_KEY = 'soundlink:roles';
export const SESSION_ONLY_KEY = 'soundlink:session-only';

// Each also marks the operation in the OpenAPI document (x-…), which buildOpenApiDocument turns into its
// security and its 401/403 answers, then removes.

/** No sign-in needed (visitors, listeners, tracker links, health). */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiExtension('x-public', true));

/** An API key must hold every one of these scopes; a session cookie always does. */
export const RequireScopes = (...scopes: ApiKeyScope[]) =>
  applyDecorators(SetMetadata(SCOPES_KEY, scopes), ApiExtension('x-scopes', scopes));

/** Only these roles may call it. */
export const Roles = (...roles: OwnerRole[]) =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), ApiExtension('x-roles', roles));

/** Only the signed-in owner in the browser, never an API key (managing keys, the account itself). */
export const SessionOnly = () =>
  applyDecorators(SetMetadata(SESSION_ONLY_KEY, true), ApiExtension('x-session-only', true));

/** The authenticated caller. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal =>
    context.switchToHttp().getRequest<Request>().principal as Principal,
);
