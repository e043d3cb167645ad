module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'pos-domain',
  rootDir: __dirname,
};
