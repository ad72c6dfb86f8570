import { slugProblem as domainSlugProblem } from '@soundlink/domain';
import type { ApiSchema } from '@soundlink/api-client';

export type Campaign = ApiSchema<'CampaignDto'>;
export type CampaignPage = ApiSchema<'CampaignPageDto'>;
export type CampaignStatus = Campaign['status'];
export type DestinationType = Campaign['destination']['type'];
export type SpotifyPreview = ApiSchema<'SpotifyDestinationDto'>;
export type TrackerLink = ApiSchema<'LinkDto'>;
export type OwnerSpotifyStatus = ApiSchema<'OwnerSpotifyStatusDto'>;
export type SandboxSamples = ApiSchema<'SandboxSamplesDto'>;
export type SandboxSample = ApiSchema<'SandboxSampleDto'>;

export const CAMPAIGN_STATUSES: readonly CampaignStatus[] = [
  'draft',
  'active',
  'paused',
  'ended',
  'archived',
];

export const STATUS_LABELS: Record<CampaignStatus, string> = {
  draft: 'Draft',
  active: 'Active',
  paused: 'Paused',
  ended: 'Ended',
  archived: 'Archived',
};

export function isCampaignStatus(value: unknown): value is CampaignStatus {
  return typeof value === 'string' && (CAMPAIGN_STATUSES as readonly string[]).includes(value);
}

export const TYPE_LABELS: Record<DestinationType, string> = {
  playlist: 'Playlist',
  album: 'Album',
  track: 'Track',
  artist: 'Artist',
};

/** The button an owner presses to move a campaign from `from` to `to`. */
export function transitionLabel(from: CampaignStatus, to: CampaignStatus): string {
  switch (to) {
    case 'active':
      return from === 'paused' ? 'Resume' : 'Activate';
    case 'paused':
      return 'Pause';
    case 'ended':
      return from === 'archived' ? 'Restore' : 'End';
    case 'archived':
      return 'Archive';
    case 'draft':
      return 'Back to draft';
  }
}

/** What a status change does, in the owner's words (used in the edit form and confirmations). */
export const TRANSITION_HINTS: Record<CampaignStatus, string> = {
  draft: 'Not counting yet.',
  active: 'Links redirect and plays are attributed.',
  paused: 'Links still redirect; nothing is attributed until you resume.',
  ended: 'Counting stops for good; you can still archive it.',
  archived: 'Hidden from day-to-day work; its data is kept.',
};

export const MIN_WINDOW_HOURS = 1;
export const MAX_WINDOW_HOURS = 2160;
/** The shortest click retention the API takes (the longest window plus 30 days; docs/operations.md). */
export const MIN_CLICK_RETENTION_DAYS = 120;
export const DEFAULT_WINDOW_HOURS = 168;
export const WINDOW_PRESETS: readonly { readonly hours: number; readonly label: string }[] = [
  { hours: 24, label: '24 hours' },
  { hours: 168, label: '7 days' },
  { hours: 720, label: '30 days' },
];

/** "7 days", "36 hours", "1 day and 6 hours". */
export function windowLabel(hours: number): string {
  if (!Number.isFinite(hours) || hours <= 0) return '';
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (days === 0) return plural(rest, 'hour');
  if (rest === 0) return plural(days, 'day');
  return `${plural(days, 'day')} and ${plural(rest, 'hour')}`;
}

/** Why a custom slug can't be used (sentence fragment after "The slug …"), or null when it can: the API's own rules. */
export function slugProblem(slug: string): string | null {
  return domainSlugProblem(slug) ?? null;
}

/** Offset of `timeZone` from UTC at `utcMs`, in ms (positive east of Greenwich). */
function zoneOffset(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/**
 * `2026-11-21T14:05` (a datetime-local value, wall-clock time in `timeZone`) → ISO instant, or null when the
 * value is empty or malformed. Falls back to UTC for an unknown zone.
 */
export function zonedLocalToIso(local: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  try {
    let utc = wall - zoneOffset(wall, timeZone);
    // Around a DST change the offset at the guess may differ from the offset at the result.
    utc = wall - zoneOffset(utc, timeZone);
    return new Date(utc).toISOString();
  } catch {
    return new Date(wall).toISOString();
  }
}

/** ISO instant → `2026-11-21T14:05` in `timeZone`, for a datetime-local input ('' for null). */
export function isoToZonedLocal(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  const ms = new Date(iso).getTime();
  if (Number.isNaN(ms)) return '';
  let offset = 0;
  try {
    offset = zoneOffset(ms, timeZone);
  } catch {
    offset = 0;
  }
  return new Date(ms + offset).toISOString().slice(0, 16);
}
