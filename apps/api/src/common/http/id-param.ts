import { ParseUUIDPipe } from '@nestjs/common';
import { NotFoundError } from '../errors/api-error';

/** A path id that is not a UUID cannot name anything: answer 404 like an unknown id (never a 500). */
export const idOf = (what: string) => new ParseUUIDPipe({ exceptionFactory: () => new NotFoundError(what) });
