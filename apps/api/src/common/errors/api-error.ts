import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Stable, machine-readable error codes. Integrators match on these, so never rename one. */
export enum ErrorCode {
  ValidationFailed = 'ValidationFailed',
  MalformedJson = 'MalformedJson',
  PayloadTooLarge = 'PayloadTooLarge',
  UnsupportedMediaType = 'UnsupportedMediaType',
  BadRequest = 'BadRequest',
  Unauthorized = 'Unauthorized',
  Forbidden = 'Forbidden',
  NotFound = 'NotFound',
  RouteNotFound = 'RouteNotFound',
  MethodNotAllowed = 'MethodNotAllowed',
  Conflict = 'Conflict',
  Gone = 'Gone',
  UnprocessableEntity = 'UnprocessableEntity',
  TooManyRequests = 'TooManyRequests',
  ServiceUnavailable = 'ServiceUnavailable',
  Internal = 'Internal',
}

export class ErrorDetailDto {
  @ApiProperty({ example: 'name', description: 'The field concerned, as a dotted path into the request.' })
  field!: string;

  @ApiProperty({ example: 'must not be empty' })
  reason!: string;
}

/** The one JSON shape of every error answer. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ enum: ErrorCode, example: ErrorCode.ValidationFailed })
  error!: ErrorCode | string;

  @ApiProperty({ example: 'The request is not valid: see details.' })
  message!: string;

  @ApiPropertyOptional({ type: [ErrorDetailDto] })
  details?: ErrorDetailDto[];

  @ApiPropertyOptional({ description: 'The request id, also sent as the x-request-id header.' })
  requestId?: string;
}

/** A failure the caller can act on, raised by services and mapped to HTTP by the global filter. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode | string,
    readonly status: number,
    message: string,
    readonly details?: ErrorDetailDto[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super(ErrorCode.NotFound, 404, `${what} was not found.`);
  }
}
