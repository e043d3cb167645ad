module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'system-tests',
  rootDir: __dirname,
  globalSetup: '<rootDir>/../../libs/shared/testing/src/jest-global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/shared/testing/src/jest-global-teardown.ts',
};
