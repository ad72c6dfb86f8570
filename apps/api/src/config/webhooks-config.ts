import { Transform } from 'class-transformer';
import { IsBoolean } from 'class-validator';
import { ConfigVariable } from './config-variable.decorator';
import { TrendsConfig } from './trends-config';

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' || value === '' ? false : value;

/** Outgoing webhooks (docs/webhooks.md). */
export abstract class WebhooksConfig extends TrendsConfig {
  @ConfigVariable({
    description:
      'Webhooks: true lets endpoints use http and private, loopback or link-local addresses (tests and local setups only). false: only https URLs that resolve to public addresses (SSRF guard, docs/webhooks.md).',
    default: 'false',
  })
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  WEBHOOK_ALLOW_PRIVATE_TARGETS = false;
}
