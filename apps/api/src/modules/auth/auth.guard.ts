import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { ApiKeyScope } from './api-key.entity';
import { ApiKeyService } from './api-key.service';
import { PUBLIC_KEY, ROLES_KEY, SCOPES_KEY, SESSION_ONLY_KEY } from './auth.decorators';
import { csrfMissing, forbidden, missingScope, unauthenticated } from './auth.errors';
import { AuthService } from './auth.service';
import { OwnerRole } from './owner.entity';
import { CSRF_HEADER, SESSION_COOKIE, setSessionCookies } from './session-cookies';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every route requires a signed-in owner unless marked @Public(). Two ways in: the SPA's session
 * cookie (unsafe methods also need the CSRF header) or an API key as a Bearer token (its scopes apply).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeyService,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();

    const authorization = req.headers.authorization;
    if (authorization) {
      const [scheme, credential] = authorization.split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !credential) throw unauthenticated();
      const principal = await this.apiKeys.authenticate(credential.trim());
      if (!principal) throw unauthenticated();
      if (this.reflector.getAllAndOverride<boolean>(SESSION_ONLY_KEY, targets)) {
        throw forbidden('This endpoint is for the signed-in owner in the browser, not for API keys.');
      }
      const required = this.reflector.getAllAndOverride<ApiKeyScope[]>(SCOPES_KEY, targets) ?? [];
      const missing = required.filter((scope) => !principal.scopes.has(scope));
      if (missing.length > 0) throw missingScope(missing);
      req.principal = principal;
    } else {
      const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
      const session = token ? await this.auth.authenticate(token) : undefined;
      if (!session) throw unauthenticated();
      if (!SAFE_METHODS.has(req.method)) {
        const header = req.headers[CSRF_HEADER];
        if (
          !this.auth.csrfMatches(
            session.principal.sessionId ?? '',
            typeof header === 'string' ? header : undefined,
          )
        ) {
          throw csrfMissing();
        }
      }
      if (session.rotated)
        setSessionCookies(res, session.rotated.token, session.rotated.csrf, this.config.secureCookies);
      req.principal = session.principal;
    }

    const roles = this.reflector.getAllAndOverride<OwnerRole[]>(ROLES_KEY, targets);
    if (roles && !roles.includes(req.principal.role)) throw forbidden('This needs an administrator.');
    return true;
  }
}
