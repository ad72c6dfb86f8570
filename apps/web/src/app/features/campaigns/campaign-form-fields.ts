import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';
import type { Owner } from '../../core/session.service';
import {
  Campaign,
  CampaignStatus,
  MAX_WINDOW_HOURS,
  MIN_CLICK_RETENTION_DAYS,
  MIN_WINDOW_HOURS,
} from './campaign-model';
import type { CampaignChanges, NewCampaign } from './campaigns-api';

// The campaign form's fields, their checks and messages, and what it sends (no Angular state here).

/** What the form says for SandboxUnknownItem (the API's sentence also names the endpoint, for integrators). */
export const SANDBOX_UNKNOWN_ITEM_TEXT =
  'That link is not in the sample catalog: Soundlink runs on a built-in Spotify emulator (sandbox mode), which knows only its samples. Pick a sample instead; real Spotify links work once a Spotify app is configured.';

export type Field =
  | 'name'
  | 'description'
  | 'destination'
  | 'attributionWindowHours'
  | 'clickRetentionDays'
  | 'startsAt'
  | 'endsAt'
  | 'timezone'
  | 'status';

export const FIELDS: readonly Field[] = [
  'name',
  'destination',
  'description',
  'attributionWindowHours',
  'clickRetentionDays',
  'startsAt',
  'endsAt',
  'timezone',
  'status',
];

export const LABELS: Record<Field, string> = {
  name: 'Name',
  description: 'Description',
  destination: 'Spotify link',
  attributionWindowHours: 'Attribution window',
  clickRetentionDays: 'Keep raw clicks',
  startsAt: 'Start',
  endsAt: 'End',
  timezone: 'Time zone',
  status: 'Status',
};

export const notBlank: ValidatorFn = (control: AbstractControl): ValidationErrors | null =>
  typeof control.value === 'string' && control.value.trim() === '' ? { required: true } : null;

export const wholeNumber: ValidatorFn = (control: AbstractControl): ValidationErrors | null =>
  control.value === null || control.value === '' || Number.isInteger(Number(control.value))
    ? null
    : { integer: true };

/** The end must come after the start (the API's InvalidDateRange); reported on `endsAt`. */
export const endAfterStart: ValidatorFn = (group: AbstractControl): ValidationErrors | null => {
  const start = group.get('startsAt')?.value as string;
  const end = group.get('endsAt')?.value as string;
  return start && end && end <= start ? { dateOrder: true } : null;
};

/** What the form says for a field's own errors (the API's field reasons are shown before these). */
export function fieldErrorText(field: Field, errors: ValidationErrors): string {
  switch (field) {
    case 'name':
      return errors['required']
        ? 'Give the campaign a name, e.g. “Summer Singles launch”.'
        : 'Keep the name to 120 characters or fewer.';
    case 'description':
      return 'Keep the description to 2,000 characters or fewer.';
    case 'destination':
      return errors['required']
        ? 'Paste a Spotify link to a track, album, artist or playlist.'
        : 'That link is too long: paste the link Spotify gives you under Share → Copy link.';
    case 'attributionWindowHours':
      return errors['required'] || errors['integer']
        ? `Enter a whole number of hours, from ${MIN_WINDOW_HOURS} to ${MAX_WINDOW_HOURS} (90 days).`
        : `Choose between ${MIN_WINDOW_HOURS} hour and ${MAX_WINDOW_HOURS} hours (90 days).`;
    case 'clickRetentionDays':
      return `Enter a whole number of days, at least ${MIN_CLICK_RETENTION_DAYS}, or leave it empty for your account default.`;
    case 'endsAt':
      return 'The end must be after the start.';
    case 'startsAt':
      return 'Enter a valid date and time.';
    case 'timezone':
      return 'Choose a time zone.';
    case 'status':
      return 'Choose a status.';
  }
}

/** The form's values as the API reads them: trimmed, instants in ISO (null when left empty). */
export interface CampaignFormValues {
  readonly name: string;
  readonly description: string;
  readonly destination: string;
  readonly attributionWindowHours: number;
  /** null: the owner's account default. */
  readonly clickRetentionDays: number | null;
  readonly startsAt: string | null;
  readonly endsAt: string | null;
  readonly timezone: string;
  readonly status: CampaignStatus;
}

/** A new campaign from the form: optional fields left out when empty; saved as a draft or active. */
export function newCampaign(v: CampaignFormValues): NewCampaign {
  return {
    name: v.name,
    ...(v.description ? { description: v.description } : {}),
    destination: v.destination,
    attributionWindowHours: v.attributionWindowHours,
    ...(v.clickRetentionDays !== null ? { clickRetentionDays: v.clickRetentionDays } : {}),
    ...(v.startsAt ? { startsAt: v.startsAt } : {}),
    ...(v.endsAt ? { endsAt: v.endsAt } : {}),
    timezone: v.timezone,
    status: v.status === 'draft' ? 'draft' : 'active',
  };
}

/** Only what the form changed on the campaign (empty when nothing did). */
export function campaignChanges(v: CampaignFormValues, campaign: Campaign): CampaignChanges {
  const changes: CampaignChanges = {};
  if (v.name !== campaign.name) changes.name = v.name;
  if (v.description !== campaign.description) changes.description = v.description;
  if (v.destination !== campaign.destination.input.trim()) changes.destination = v.destination;
  if (v.attributionWindowHours !== campaign.attributionWindowHours)
    changes.attributionWindowHours = v.attributionWindowHours;
  if (v.clickRetentionDays !== campaign.clickRetentionDays) changes.clickRetentionDays = v.clickRetentionDays;
  if (v.timezone !== campaign.timezone) changes.timezone = v.timezone;
  if (!sameInstant(v.startsAt, campaign.startsAt)) changes.startsAt = v.startsAt;
  if (!sameInstant(v.endsAt, campaign.endsAt)) changes.endsAt = v.endsAt;
  if (v.status !== campaign.status) changes.status = v.status;
  return changes;
}

function sameInstant(a: string | null, b: string | null): boolean {
  if (!a || !b) return !a && !b;
  return new Date(a).getTime() === new Date(b).getTime();
}

/** What the click retention field's hint says: the default an empty field keeps, and the server's limits. */
export function clickRetentionHint(owner: Owner | null): string {
  const limits = owner?.dataRetention;
  const fallback = owner?.clickRetentionDays ?? limits?.maxClickRetentionDays;
  const empty = fallback ? `your account default, ${fallback} days` : 'your account default';
  const range = limits
    ? ` Between ${limits.minClickRetentionDays} and ${limits.maxClickRetentionDays} days.`
    : '';
  return `Days this campaign's raw clicks are kept; empty: ${empty}. The figures keep counting removed clicks.${range}`;
}
