import { DomainError, ErrorCode } from '../errors/api-error';
import { RETENTION_MIN_DAYS } from '../../config/retention-config';

/**
 * An owner's click retention (account default or campaign override): null keeps the default above it; a number
 * must lie between RETENTION_MIN_DAYS (the DTOs check it) and the operator's CLICK_RETENTION_DAYS, checked here
 * because the cap is configuration. Answers 400 ValidationFailed naming the field.
 */
export function assertClickRetentionDays(
  days: number | null | undefined,
  field: string,
  maxDays: number,
): void {
  if (days === null || days === undefined) return;
  if (days > maxDays || days < RETENTION_MIN_DAYS) {
    const reason = `must be between ${RETENTION_MIN_DAYS} and ${maxDays} days (this server keeps raw clicks at most CLICK_RETENTION_DAYS = ${maxDays} days)`;
    throw new DomainError(ErrorCode.ValidationFailed, 400, 'The request is not valid: see details.', [
      { field, reason },
    ]);
  }
}
