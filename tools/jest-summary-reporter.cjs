// Writes each jest run's totals to tmp/test-results so the test command can print one closing
// line for the whole workspace ("tests: N passed, N failed").
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter {
  constructor(globalConfig, options = {}) {
    const workspaceRoot = path.join(__dirname, '..');
    this.name = options.name ?? path.relative(workspaceRoot, globalConfig.rootDir).replace(/[\\/]/g, '_');
  }

  onRunComplete(_contexts, results) {
    const dir = path.join(__dirname, '..', 'tmp', 'test-results');
    fs.mkdirSync(dir, { recursive: true });
    const summary = {
      project: this.name,
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    fs.writeFileSync(path.join(dir, `${this.name}.json`), JSON.stringify(summary));
  }
}

module.exports = SummaryReporter;
