module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'forecast-backtest',
  rootDir: __dirname,
};
