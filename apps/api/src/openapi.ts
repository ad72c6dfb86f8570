import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { version } from './version';
import { ErrorDetailDto, ErrorResponseDto } from './common/errors/api-error';
import { addOperationErrorResponses } from './common/openapi/operation-error-responses';
import { WEBHOOK_EVENT_MODELS } from './modules/webhooks/dto/webhook-events.dto';

/** Builds the OpenAPI document from the controllers; the same document is served and committed. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Soundlink API')
    .setDescription(
      'Campaign attribution and listening analytics for Spotify. Every error answers the same JSON shape ' +
        '(`ErrorResponseDto`): a stable `error` code, a readable `message` and, for validation, `details` per field.',
    )
    .setVersion(version)
    .addServer('/', 'This Soundlink deployment: the origin that serves this document (/api/openapi.json).')
    .addCookieAuth(
      'sl_session',
      {
        type: 'apiKey',
        in: 'cookie',
        description:
          'The SPA session: set by /auth/login and /auth/register. Unsafe methods also need the X-CSRF-Token header (the sl_csrf cookie value).',
      },
      'session',
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'slk_<prefix>_<secret>',
        description:
          'An API key from /api/v1/api-keys; its scopes decide what it may call (403 MissingScope otherwise).',
      },
      'apiKey',
    )
    .build();
  // As README.md and package.json say ("license": "UNLICENSED"; there is no LICENSE file): no licence is
  // granted. The URL explains that identifier.
  config.info.license = {
    name: 'Proprietary; all rights reserved (UNLICENSED)',
    url: 'https://docs.npmjs.com/cli/v10/configuring-npm/package-json#license',
  };
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorResponseDto, ErrorDetailDto, ...WEBHOOK_EVENT_MODELS],
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
  });
  // Every operation needs a session or an API key, except those marked @Public(); each documents the
  // errors the guard, the body parser and the error filter give it.
  for (const item of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(item) as Array<[string, Record<string, unknown>]>) {
      if (typeof operation !== 'object' || !operation || !('responses' in operation)) continue;
      const isPublic = addOperationErrorResponses(
        operation as Record<string, unknown> & { responses: Record<string, unknown> },
        method,
      );
      operation['security'] = isPublic ? [] : [{ session: [] }, { apiKey: [] }];
    }
  }
  addWebhookEvents(document);
  return document;
}

/**
 * The bodies webhooks POST to integrators. @nestjs/swagger writes OpenAPI 3.0, which has no `webhooks`
 * section (3.1 has), so they are documented component schemas, one per event and their union `WebhookEvent`,
 * which the generated client exports like any schema (docs/webhooks.md has the catalogue).
 */
function addWebhookEvents(document: OpenAPIObject): void {
  const schemas = (document.components ??= {}).schemas ?? {};
  schemas['WebhookEvent'] = {
    description:
      'A webhook body: {type, timestamp, data}, POSTed to your endpoint and signed in the Standard Webhooks format (headers webhook-id, webhook-timestamp, webhook-signature; docs/webhooks.md). Match on `type`.',
    oneOf: WEBHOOK_EVENT_MODELS.map((model) => ({ $ref: `#/components/schemas/${model.name}` })),
  };
  // A delivery in the log carries the body it sends.
  const delivery = schemas['WebhookDeliveryDto'] as { properties: Record<string, unknown> } | undefined;
  if (delivery) {
    delivery.properties['payload'] = {
      description: 'The body sent: {type, timestamp, data}.',
      allOf: [{ $ref: '#/components/schemas/WebhookEvent' }],
    };
  }
  document.components.schemas = schemas;
}
