// Shared Jest settings for the Node projects (API, libraries, end-to-end tests).
// SWC compiles TypeScript with decorator metadata, which NestJS's dependency injection needs.
const path = require('node:path');

const root = __dirname;

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  // These NestJS 11-compatible packages ship ES modules only; Node 20.19+ loads them with require(esm),
  // Jest does not, so SWC compiles them to CommonJS like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs/typeorm|@nestjs/schedule|@nestjs/passport)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper: {
    '^@soundlink/spotify-sandbox$': path.join(root, 'libs/spotify-sandbox/src/index.ts'),
    '^@soundlink/spotify-sandbox/testing$': path.join(root, 'libs/spotify-sandbox/src/testing/harness.ts'),
    '^@soundlink/sources-sandbox$': path.join(root, 'libs/sources-sandbox/src/index.ts'),
    '^@soundlink/sources-sandbox/testing$': path.join(root, 'libs/sources-sandbox/src/testing/harness.ts'),
    '^@soundlink/api-client$': path.join(root, 'libs/api-client/src/index.ts'),
    '^@soundlink/domain$': path.join(root, 'libs/domain/src/index.ts'),
  },
};
