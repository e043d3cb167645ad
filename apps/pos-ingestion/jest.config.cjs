// Unit specs beside the code and integration specs in test/, the latter against the real broker
// and database that the shared global setup finds or starts.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'pos-ingestion',
  rootDir: __dirname,
  globalSetup: '<rootDir>/../../libs/shared/testing/src/jest-global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/shared/testing/src/jest-global-teardown.ts',
  testTimeout: 30_000,
};
