import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, ErrorCode, ErrorDetailDto } from './api-error';

/** Flattens class-validator's tree into `{field, reason}` pairs with dotted paths (`links.0.slug`). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): ErrorDetailDto[] {
  const details: ErrorDetailDto[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      const reason = message.startsWith(`property ${error.property} should not exist`)
        ? 'is not a known field'
        : message.replace(new RegExp(`^${error.property}\\s+`), '');
      details.push({ field, reason });
    }
    if (error.children?.length) details.push(...flattenValidationErrors(error.children, field));
  }
  return details;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors);
      return new DomainError(
        ErrorCode.ValidationFailed,
        400,
        details.length === 1
          ? `${details[0].field} ${details[0].reason}.`
          : `The request is not valid: ${details.length} problems, see details.`,
        details,
      );
    },
  });
}
