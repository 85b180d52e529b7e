// The spec reporter, plus the run's real counts written as JSON for .ci/run's closing line.
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    // A handle left open keeps mocha from exiting (it happened twice: recheck's agent process, then
    // vscode-jsonrpc's partial-message timer). Should a new one appear, say what is open and exit: mocha's
    // own exit handler still sets the exit code from the failures.
    runner.once('end', () => {
      setTimeout(() => {
        const open = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap');
        console.error(`mocha had not exited 15 s after the suite ended; still open: ${open.join(', ')}; child processes: ${childProcesses()}; exiting`);
        process.exit();
      }, 15_000).unref();
    });
    const file = process.env.CPLAN_TEST_SUMMARY;
    if (!file) return;
    runner.once('end', () => {
      const { passes, failures, pending, tests } = runner.stats;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify({ passed: passes, failed: failures, skipped: pending, tests }) + '\n');
    });
  }
}

function childProcesses() {
  try {
    const children = fs.readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return children.map((pid) => `${pid} ${fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim()}`).join('; ') || 'none';
  } catch {
    return 'unknown';
  }
}

module.exports = SummaryReporter;
