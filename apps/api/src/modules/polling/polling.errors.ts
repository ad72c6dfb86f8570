import { DomainError } from '../../common/errors/api-error';

/** Stable codes of the poller's own failures (the `error` field of the JSON answer). */
export enum PollingErrorCode {
  /** The listener is not active (needs_reconnect, dev_mode_blocked, disconnected): it is not polled. */
  ListenerNotPollable = 'ListenerNotPollable',
  /** Another process has been polling this listener for a while; try again shortly. */
  PollInProgress = 'PollInProgress',
}

export class ListenerNotPollableError extends DomainError {
  constructor(readonly listenerStatus: string) {
    super(
      PollingErrorCode.ListenerNotPollable,
      409,
      `This listener is not polled (status ${listenerStatus}): connect the Spotify account again first.`,
    );
  }
}

export class PollInProgressError extends DomainError {
  constructor() {
    super(
      PollingErrorCode.PollInProgress,
      409,
      'This listener is being synchronised right now. Try again in a moment.',
      undefined,
      { 'Retry-After': '5' },
    );
  }
}
