module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'forecasting-domain',
  rootDir: __dirname,
};
