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
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorResponseDto, ErrorDetailDto],
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
  });
  // Keep the committed document free of the build's version so it only changes when the API does.
  document.info.version = version;
  return document;
}
