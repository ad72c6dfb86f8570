// One Jest run over every project, so `npm test` ends with Jest's own summary line.
module.exports = {
  // A global option: project configs cannot set it. Integration and browser specs start real servers.
  testTimeout: 120000,
  projects: [
    '<rootDir>/libs/spotify-sandbox',
    '<rootDir>/libs/ui-charts',
    '<rootDir>/apps/api',
    '<rootDir>/apps/web',
    '<rootDir>/apps/api-e2e',
  ],
};
