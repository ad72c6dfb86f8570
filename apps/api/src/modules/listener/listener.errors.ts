import { DomainError } from '../../common/errors/api-error';

/** Stable codes of the connect flow and the listener privacy API (never rename one). */
export enum ListenerErrorCode {
  LinkNotFound = 'LinkNotFound',
  LinkDisabled = 'LinkDisabled',
  LinkExpired = 'LinkExpired',
  CampaignArchived = 'CampaignArchived',
  ListenerNotConnected = 'ListenerNotConnected',
  ListenerHeaderMissing = 'ListenerHeaderMissing',
  SyncTooSoon = 'SyncTooSoon',
  ListenerDisconnected = 'ListenerDisconnected',
}

/** Why a slug does not lead to a campaign (the same rules and statuses as the redirect). */
export type LinkProblem = 'unknown' | 'disabled' | 'expired' | 'archived';

export const linkProblemError = (problem: LinkProblem) => {
  switch (problem) {
    case 'disabled':
      return new DomainError(
        ListenerErrorCode.LinkDisabled,
        404,
        'This link has been switched off by whoever shared it.',
      );
    case 'expired':
      return new DomainError(ListenerErrorCode.LinkExpired, 410, 'This link has expired.');
    case 'archived':
      return new DomainError(
        ListenerErrorCode.CampaignArchived,
        410,
        'The campaign behind this link is over.',
      );
    default:
      return new DomainError(ListenerErrorCode.LinkNotFound, 404, 'This link doesn’t lead anywhere.');
  }
};

export const listenerNotConnected = () =>
  new DomainError(
    ListenerErrorCode.ListenerNotConnected,
    401,
    'This browser has no Spotify connection with Soundlink. Connect from a campaign link to see your data here.',
  );

export const listenerHeaderMissing = () =>
  new DomainError(
    ListenerErrorCode.ListenerHeaderMissing,
    403,
    'Send the header X-Requested-With: soundlink with this request (it protects you against cross-site requests).',
  );

export const syncTooSoon = (retryAfterS: number) =>
  new DomainError(
    ListenerErrorCode.SyncTooSoon,
    429,
    `You synced a moment ago. Try again in ${retryAfterS} second${retryAfterS === 1 ? '' : 's'}.`,
    undefined,
    { 'Retry-After': String(retryAfterS) },
  );

export const listenerDisconnected = () =>
  new DomainError(
    ListenerErrorCode.ListenerDisconnected,
    409,
    'Your Spotify account is disconnected, so Soundlink cannot read new plays. Connect again from a campaign link.',
  );
