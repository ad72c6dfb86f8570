import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { listenerHeaderMissing } from '../listener/listener.errors';
import { LISTENER_CSRF_HEADER, LISTENER_CSRF_VALUE } from '../listener/listener.guard';

/**
 * A public POST that sets the listener cookie must carry `X-Requested-With: soundlink`: a cross-site form
 * cannot, so nobody can connect a visitor's browser to the attacker's ListenBrainz account (login CSRF).
 */
@Injectable()
export class SourcesCsrfGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().headers[LISTENER_CSRF_HEADER];
    if (typeof header !== 'string' || header.toLowerCase() !== LISTENER_CSRF_VALUE)
      throw listenerHeaderMissing();
    return true;
  }
}
