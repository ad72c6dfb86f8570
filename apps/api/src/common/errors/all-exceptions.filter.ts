import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ErrorCode, ErrorResponseDto } from './api-error';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.BadRequest,
  401: ErrorCode.Unauthorized,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  405: ErrorCode.MethodNotAllowed,
  409: ErrorCode.Conflict,
  410: ErrorCode.Gone,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  422: ErrorCode.UnprocessableEntity,
  429: ErrorCode.TooManyRequests,
  503: ErrorCode.ServiceUnavailable,
};

/** Turns anything thrown into the uniform error body; a 5xx never leaks internals, only the request id. */
export function toErrorResponse(
  exception: unknown,
  req: Pick<Request, 'method' | 'originalUrl' | 'url'>,
): ErrorResponseDto {
  if (exception instanceof DomainError) {
    return {
      statusCode: exception.status,
      error: exception.code,
      message: exception.message,
      ...(exception.details ? { details: exception.details } : {}),
    };
  }
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    const body = exception.getResponse();
    let message =
      typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
    if (Array.isArray(message)) message = message.join('; ');
    const routeMissing = statusCode === 404 && /^Cannot [A-Z]+ /.test(String(message));
    if (routeMissing) {
      const path = (req.originalUrl ?? req.url).split('?')[0];
      return {
        statusCode,
        error: ErrorCode.RouteNotFound,
        message: `There is no route ${req.method} ${path}.`,
      };
    }
    return {
      statusCode,
      error: CODE_BY_STATUS[statusCode] ?? (statusCode >= 500 ? ErrorCode.Internal : ErrorCode.BadRequest),
      message: String(message),
    };
  }
  return {
    statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
    error: ErrorCode.Internal,
    message: 'Something went wrong on our side. The request id identifies it in our logs.',
  };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: string }>();
    const res = http.getResponse<Response>();
    const body = toErrorResponse(exception, req);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: req.id }, 'Unhandled error');
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    if (exception instanceof DomainError && exception.headers) {
      for (const [name, value] of Object.entries(exception.headers)) res.setHeader(name, value);
    }
    res.status(body.statusCode).json({ ...body, ...(req.id ? { requestId: String(req.id) } : {}) });
  }
}
