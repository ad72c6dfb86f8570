// One Jest run over every project, so `npm test` ends with Jest's own summary line.
module.exports = {
  projects: [
    '<rootDir>/libs/spotify-sandbox',
    '<rootDir>/apps/api',
    '<rootDir>/apps/web',
    '<rootDir>/apps/api-e2e',
  ],
};
