// One Jest run over every project, so `npm test` ends with Jest's own summary line, followed by one line
// naming any group of specs left out for want of a service (Chromium, Redis, a PostgreSQL server).
require('./tools/test-services').assertRequiredServices();

module.exports = {
  reporters: ['default', '<rootDir>/tools/left-out-reporter.js'],
  // A global option: project configs cannot set it. Integration and browser specs start real servers.
  testTimeout: 120000,
  projects: [
    '<rootDir>/libs/spotify-sandbox',
    '<rootDir>/libs/sources-sandbox',
    '<rootDir>/libs/ui-charts',
    '<rootDir>/apps/api',
    '<rootDir>/apps/web',
    '<rootDir>/apps/api-e2e',
  ],
};
