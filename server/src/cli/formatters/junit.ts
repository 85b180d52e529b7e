import { repoPath } from './paths.js';
import type { Formatter, ReportMessage } from './types.js';
import { xmlAttributes, xmlText } from './xml.js';

/**
 * JUnit XML for Jenkins, Azure DevOps and GitLab test reports: a test suite per file, a failing test case per
 * error or warning (as ESLint's junit formatter counts them), a passing one per information (its text in
 * `system-out`), and one passing case for a file with no findings, so a clean run still reports its files.
 * Paths are relative to the repository root, as GitLab links them.
 */
export const junit: Formatter = (reports, context) => {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const failing = (m: ReportMessage) => m.severity !== 'info';
  const cases = reports.reduce((n, r) => n + Math.max(1, r.messages.length), 0);
  const failures = reports.reduce((n, r) => n + r.messages.filter(failing).length, 0);
  lines.push(`<testsuites ${xmlAttributes({ name: 'cplan', tests: cases, failures, errors: 0, time: 0 })}>`);
  for (const report of reports) {
    const file = repoPath(report.filePath, context.repoRoot);
    const suite = { name: file, tests: Math.max(1, report.messages.length), failures: report.messages.filter(failing).length, errors: 0, skipped: 0, time: 0 };
    lines.push(`  <testsuite ${xmlAttributes(suite)}>`);
    if (!report.messages.length) lines.push(`    <testcase ${xmlAttributes({ classname: file, name: 'cplan lint', file, time: 0 })}/>`);
    for (const m of report.messages) {
      const testcase = xmlAttributes({ classname: file, name: `${m.ruleId} at ${m.line}:${m.column}`, file, line: m.line, time: 0 });
      const detail = xmlText(`${file}:${m.line}:${m.column}: ${m.severity} ${m.ruleId}: ${m.message}`);
      const body = failing(m) ? `<failure ${xmlAttributes({ type: m.ruleId, message: m.message })}>${detail}</failure>` : `<system-out>${detail}</system-out>`;
      lines.push(`    <testcase ${testcase}>${body}</testcase>`);
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n');
};
