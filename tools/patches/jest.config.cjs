module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'dependency-patches',
  rootDir: __dirname,
};
