module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'runtime',
  rootDir: __dirname,
  globalSetup: '<rootDir>/../testing/src/jest-global-setup.ts',
  globalTeardown: '<rootDir>/../testing/src/jest-global-teardown.ts',
};
