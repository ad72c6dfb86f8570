// Specs that need Redis run only with TEST_REDIS_URL; REQUIRE_REDIS_TESTS=1 (CI) makes its absence an error.
require('../../tools/test-services').assertRequiredServices();

module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'api',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  testTimeout: 60000,
};
