import { DomainError } from '../../common/errors/api-error';

export enum CampaignErrorCode {
  InvalidStatusTransition = 'InvalidStatusTransition',
  SlugTaken = 'SlugTaken',
  InvalidSlug = 'InvalidSlug',
  InvalidDateRange = 'InvalidDateRange',
}

export const invalidTransition = (from: string, to: string, allowed: readonly string[]) =>
  new DomainError(
    CampaignErrorCode.InvalidStatusTransition,
    409,
    `A ${from} campaign cannot become ${to}${allowed.length ? `; it can become ${allowed.join(' or ')}` : ''}.`,
    [{ field: 'status', reason: `cannot change from ${from} to ${to}` }],
  );

export const slugTaken = (slug: string) =>
  new DomainError(CampaignErrorCode.SlugTaken, 409, `The slug "${slug}" is already in use.`, [
    { field: 'slug', reason: 'is already in use' },
  ]);

export const invalidSlug = (reason: string) =>
  new DomainError(CampaignErrorCode.InvalidSlug, 400, `slug ${reason}.`, [{ field: 'slug', reason }]);

export const invalidDateRange = () =>
  new DomainError(CampaignErrorCode.InvalidDateRange, 400, 'endsAt must be after startsAt.', [
    { field: 'endsAt', reason: 'must be after startsAt' },
  ]);
