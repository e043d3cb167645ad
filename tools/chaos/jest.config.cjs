// Fault scenarios run one file at a time: each one loads the machine on purpose (several ledger
// instances, a second broker), and timing faults against each other would only add noise.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'chaos',
  rootDir: __dirname,
  maxWorkers: 1,
  globalSetup: '<rootDir>/../../libs/shared/testing/src/jest-global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/shared/testing/src/jest-global-teardown.ts',
};
