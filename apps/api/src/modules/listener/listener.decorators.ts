import { applyDecorators } from '@nestjs/common';
import { ApiForbiddenResponse, ApiHeader, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../../common/errors/api-error';
import { Public } from '../auth/auth.decorators';
import { LISTENER_CSRF_VALUE } from './listener.guard';

/**
 * A route of the listener's own (`/listeners/me…`, under the ListenerGuard): authenticated by the signed
 * `sl_listener` cookie, not by an owner session, so @Public() to the owner AuthGuard; a 401 without it.
 */
export const ListenerAuth = () =>
  applyDecorators(
    Public(),
    ApiUnauthorizedResponse({
      type: ErrorResponseDto,
      description: 'No valid sl_listener cookie, or the listener was erased (ListenerNotConnected).',
    }),
  );

/**
 * An unsafe listener request: it carries `X-Requested-With: soundlink`, which a cross-site form or script
 * cannot (the ListenerGuard checks it; docs/listeners.md); a 403 without it.
 */
export const ListenerCsrfHeader = () =>
  applyDecorators(
    ApiHeader({
      name: 'X-Requested-With',
      required: true,
      description: 'Must be `soundlink`: protects the listener against cross-site requests.',
      schema: { type: 'string', enum: [LISTENER_CSRF_VALUE] },
    }),
    ApiForbiddenResponse({ type: ErrorResponseDto, description: 'X-Requested-With missing.' }),
  );
