module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'testing',
  rootDir: __dirname,
  globalSetup: '<rootDir>/src/jest-global-setup.ts',
  globalTeardown: '<rootDir>/src/jest-global-teardown.ts',
};
