import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import { DomainError, ErrorCode } from '../errors/api-error';

interface BodyParserError extends Error {
  type?: string;
  limit?: number;
  status?: number;
}

function toDomainError(error: BodyParserError, limit: number): DomainError {
  switch (error.type) {
    case 'entity.too.large':
      return new DomainError(
        ErrorCode.PayloadTooLarge,
        413,
        `The request body is larger than the limit of ${limit} bytes.`,
      );
    case 'entity.parse.failed':
      return new DomainError(
        ErrorCode.MalformedJson,
        400,
        `The request body is not valid JSON: ${error.message}.`,
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new DomainError(ErrorCode.UnsupportedMediaType, 415, error.message);
    default:
      return new DomainError(
        ErrorCode.BadRequest,
        error.status ?? 400,
        'The request body could not be read.',
      );
  }
}

/**
 * JSON and form bodies with a size limit. Parser failures (malformed JSON, too large) are handed to
 * `onError` as DomainErrors so they get the same JSON error shape as everything else. Requests for which
 * `streamed` is true are left unread: their route reads the body as a stream, with its own limit.
 */
export function bodyParsers(
  limit: number,
  onError: (error: DomainError, req: Request, res: Response) => void,
  streamed: (req: Request) => boolean = () => false,
): RequestHandler[] {
  const wrap =
    (parser: RequestHandler): RequestHandler =>
    (req: Request, res: Response, next: NextFunction) =>
      streamed(req)
        ? next()
        : parser(req, res, (error?: unknown) => {
            if (error) onError(toDomainError(error as BodyParserError, limit), req, res);
            else next();
          });
  return [
    wrap(express.json({ limit, type: ['application/json', 'application/*+json'] })),
    wrap(express.urlencoded({ limit, extended: false })),
  ];
}
