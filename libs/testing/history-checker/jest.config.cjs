module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'history-checker',
  rootDir: __dirname,
  globalSetup: '<rootDir>/../../shared/testing/src/jest-global-setup.ts',
  globalTeardown: '<rootDir>/../../shared/testing/src/jest-global-teardown.ts',
};
