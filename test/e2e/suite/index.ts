import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

/**
 * The entry VS Code calls in the extension host (the same contract as @vscode/test-electron): resolves when
 * every test passed. The counts go to $CPLAN_E2E_SUMMARY so that CI reports real numbers.
 */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000 });
  mocha.suite.emit('pre-require', globalThis, 'suite', mocha);
  await import('./extension.e2e.js');
  await import('./report-views.e2e.js');
  await import('./conventions.e2e.js');
  await import('./portfolio.e2e.js');
  await import('./compare.e2e.js');
  await new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const summary = process.env.CPLAN_E2E_SUMMARY;
      if (summary) {
        fs.mkdirSync(path.dirname(summary), { recursive: true });
        fs.writeFileSync(summary, JSON.stringify({ passed: runner.stats?.passes ?? 0, failed: failures, skipped: runner.stats?.pending ?? 0 }) + '\n');
      }
      if (failures > 0) reject(new Error(`${failures} tests failed`));
      else resolve();
    });
  });
}
