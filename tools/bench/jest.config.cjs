module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'bench',
  rootDir: __dirname,
  // The quick harness starts both services and runs every scenario: minutes, not seconds.
  testTimeout: 300_000,
  globalSetup: '<rootDir>/../../libs/shared/testing/src/jest-global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/shared/testing/src/jest-global-teardown.ts',
};
