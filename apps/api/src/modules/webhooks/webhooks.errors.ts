import { DomainError } from '../../common/errors/api-error';

export enum WebhookErrorCode {
  /** The URL is not https, or its host resolves to a private, loopback, link-local or metadata address. */
  WebhookTargetRefused = 'WebhookTargetRefused',
  WebhookDisabled = 'WebhookDisabled',
}

export const targetRefused = (reason: string) =>
  new DomainError(WebhookErrorCode.WebhookTargetRefused, 422, `The webhook URL cannot be used (${reason}).`, [
    { field: 'url', reason },
  ]);

export const webhookDisabled = (reason: string | null) =>
  new DomainError(
    WebhookErrorCode.WebhookDisabled,
    409,
    `The webhook is disabled${reason ? ` (${reason})` : ''}: enable it first.`,
    [{ field: 'enabled', reason: 'is false' }],
  );
