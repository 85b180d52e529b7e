// The spec reporter, plus the run's real counts written as JSON for .ci/run's closing line.
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const file = process.env.CPLAN_TEST_SUMMARY;
    if (!file) return;
    runner.once('end', () => {
      const { passes, failures, pending, tests } = runner.stats;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify({ passed: passes, failed: failures, skipped: pending, tests }) + '\n');
    });
  }
}

module.exports = SummaryReporter;
