import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { version } from './version';
import { ErrorDetailDto, ErrorResponseDto } from './common/errors/api-error';

/** Builds the OpenAPI document from the controllers; the same document is served and committed. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Soundlink API')
    .setDescription(
      'Campaign attribution and listening analytics for Spotify. Every error answers the same JSON shape ' +
        '(`ErrorResponseDto`): a stable `error` code, a readable `message` and, for validation, `details` per field.',
    )
    .setVersion(version)
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
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorResponseDto, ErrorDetailDto],
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
  });
  // Every operation needs a session or an API key, except those marked @Public().
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as Array<Record<string, unknown>>) {
      if (typeof operation !== 'object' || !operation || !('responses' in operation)) continue;
      const isPublic = operation['x-public'] === true;
      delete operation['x-public'];
      operation['security'] = isPublic ? [] : [{ session: [] }, { apiKey: [] }];
    }
  }
  return document;
}
