import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SecretsService } from '../../common/security/secrets.service';
import { AppConfig } from '../../config/app-config';
import {
  LISTENER_COOKIE,
  listenerCookieHeader,
  readListenerCookie,
  signListenerCookie,
} from './listener-cookie';
import { listenerHeaderMissing, listenerNotConnected } from './listener.errors';
import { ListenerRepository } from './listener.repository';

/** Unsafe listener requests must carry this header (see docs/listeners.md, "CSRF"). */
export const LISTENER_CSRF_HEADER = 'x-requested-with';
export const LISTENER_CSRF_VALUE = 'soundlink';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The listener a request is for, as the guard found it. */
export interface ListenerRef {
  id: string;
}

type ListenerRequest = Request & { listener?: ListenerRef };

/**
 * Listener routes: the signed `sl_listener` cookie names the listener, who must still exist (an erased
 * listener's cookie leads nowhere). A value older than a day is rotated: the answer carries a fresh value
 * with a new expiry, so a listener who keeps using Soundlink stays connected while every value expires a
 * year after it was issued (docs/listeners.md, "The listener cookie"). Unsafe methods also need `X-Requested-With: soundlink`: a cross-site
 * form cannot send it, and a cross-site script could only with a CORS preflight this API never grants.
 * The routes are @Public() to the owner AuthGuard; this guard is theirs.
 */
@Injectable()
export class ListenerGuard implements CanActivate {
  constructor(
    private readonly secrets: SecretsService,
    private readonly listeners: ListenerRepository,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<ListenerRequest>();
    const cookie = (req.cookies as Record<string, string> | undefined)?.[LISTENER_COOKIE];
    const read = readListenerCookie(cookie, this.secrets.sessionSecret);
    if (!read) throw listenerNotConnected();
    const id = read.listenerId;
    if (!SAFE_METHODS.has(req.method)) {
      const header = req.headers[LISTENER_CSRF_HEADER];
      if (typeof header !== 'string' || header.toLowerCase() !== LISTENER_CSRF_VALUE)
        throw listenerHeaderMissing();
    }
    if (!(await this.listeners.exists(id))) throw listenerNotConnected();
    if (read.rotate) {
      const res = context.switchToHttp().getResponse<Response>();
      res.append(
        'Set-Cookie',
        listenerCookieHeader(signListenerCookie(id, this.secrets.sessionSecret), this.config.secureCookies),
      );
    }
    req.listener = { id };
    return true;
  }
}

/** The listener the ListenerGuard authenticated. */
export const CurrentListener = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ListenerRef =>
    context.switchToHttp().getRequest<ListenerRequest>().listener as ListenerRef,
);
