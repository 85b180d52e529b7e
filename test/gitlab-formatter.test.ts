import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { gitlab, gitlabFingerprint, gitlabPath, type GitlabIssue } from '../server/src/cli/formatters/gitlab.js';
import type { FileReport, FormatContext, ReportMessage } from '../server/src/cli/formatters/types.js';

const ROOT = path.resolve('/repo');

const CONTEXT: FormatContext = {
  cwd: path.join(ROOT, 'plans'),
  repoRoot: ROOT,
  rules: [],
  color: false,
  toolVersion: '0.0.0-test',
};

function message(partial: Partial<ReportMessage> & Pick<ReportMessage, 'ruleId' | 'severity' | 'message' | 'line'>): ReportMessage {
  return { column: 1, endLine: partial.line, endColumn: 2, ...partial };
}

function report(filePath: string, messages: ReportMessage[]): FileReport {
  const count = (severity: string) => messages.filter((m) => m.severity === severity).length;
  return { filePath, messages, errorCount: count('error'), warningCount: count('warning'), infoCount: count('info') };
}

function run(reports: FileReport[], context: FormatContext = CONTEXT): GitlabIssue[] {
  const text = gitlab(reports, context);
  const parsed: unknown = JSON.parse(text);
  assert.ok(Array.isArray(parsed), 'the report is a JSON array');
  return parsed as GitlabIssue[];
}

const PLAN = path.join(ROOT, 'plans', '2025-26', 'adt.md');
const OTHER = path.join(ROOT, 'screening.md');

describe('gitlab formatter', () => {
  it('writes an empty JSON array when there is nothing to report', () => {
    assert.equal(gitlab([], CONTEXT), '[]');
    assert.deepEqual(run([report(PLAN, [])]), []);
  });

  it('writes one Code Quality issue per message, with the exact structure GitLab reads', () => {
    const issues = run([
      report(PLAN, [
        message({ ruleId: 'unknown-aim', severity: 'error', message: 'Unknown aim `SA7`.', line: 12, column: 14, endLine: 12, endColumn: 17 }),
      ]),
    ]);
    assert.deepEqual(issues, [
      {
        type: 'issue',
        check_name: 'unknown-aim',
        description: 'Unknown aim `SA7`.',
        categories: ['Style'],
        severity: 'major',
        fingerprint: gitlabFingerprint(['unknown-aim', 'plans/2025-26/adt.md', '', 'Unknown aim `SA7`.', '1']),
        location: {
          path: 'plans/2025-26/adt.md',
          lines: { begin: 12, end: 12 },
          positions: { begin: { line: 12, column: 14 }, end: { line: 12, column: 17 } },
        },
      },
    ]);
    assert.match(issues[0].fingerprint, /^[0-9a-f]{32}$/);
  });

  it('maps error to major, warning to minor and info to info', () => {
    const issues = run([
      report(PLAN, [
        message({ ruleId: 'duplicate-id', severity: 'error', message: 'e', line: 1 }),
        message({ ruleId: 'missing-metrics', severity: 'warning', message: 'w', line: 2 }),
        message({ ruleId: 'incomplete-metric', severity: 'info', message: 'i', line: 3 }),
      ]),
    ]);
    assert.deepEqual(issues.map((i) => [i.check_name, i.severity]), [
      ['duplicate-id', 'major'],
      ['missing-metrics', 'minor'],
      ['incomplete-metric', 'info'],
    ]);
  });

  it('makes paths relative to the repository root, not the current directory, with forward slashes', () => {
    const issues = run([
      report(PLAN, [message({ ruleId: 'missing-metrics', severity: 'warning', message: 'm', line: 4 })]),
      report(OTHER, [message({ ruleId: 'missing-metrics', severity: 'warning', message: 'm', line: 4 })]),
    ]);
    assert.deepEqual(issues.map((i) => i.location.path), ['plans/2025-26/adt.md', 'screening.md']);
    for (const issue of issues) {
      assert.ok(!issue.location.path.includes('\\'));
      assert.ok(!issue.location.path.startsWith('/'));
    }
  });

  it('keeps the absolute path of a file outside the repository', () => {
    const outside = path.resolve('/elsewhere/plan.md');
    assert.equal(gitlabPath(outside, ROOT), outside.split(path.sep).join('/'));
  });

  it('gives identical messages distinct, stable md5 fingerprints', () => {
    const same = (line: number) => message({ ruleId: 'missing-metrics', severity: 'warning', message: 'Workstream `WS2` has no metrics.', line });
    const reports = [report(PLAN, [same(10), same(30), same(50)]), report(OTHER, [same(10)])];
    const issues = run(reports);
    const prints = issues.map((i) => i.fingerprint);
    assert.equal(new Set(prints).size, 4, 'every fingerprint differs');
    assert.equal(prints[0], createHash('md5').update(['missing-metrics', 'plans/2025-26/adt.md', '', 'Workstream `WS2` has no metrics.', '1'].join('\u0000')).digest('hex'));
    // The same findings after lines move above them keep their fingerprints.
    const moved = run([report(PLAN, [same(12), same(32), same(52)]), report(OTHER, [same(11)])]);
    assert.deepEqual(moved.map((i) => i.fingerprint), prints);
    // The counter is per rule, path, subject and message: another message starts again at 1.
    const mixed = run([report(PLAN, [same(10), message({ ruleId: 'missing-metrics', severity: 'warning', message: 'Other.', line: 20 }), same(30)])]);
    assert.equal(mixed[0].fingerprint, prints[0]);
    assert.equal(mixed[2].fingerprint, prints[1]);
    assert.equal(mixed[1].fingerprint, gitlabFingerprint(['missing-metrics', 'plans/2025-26/adt.md', '', 'Other.', '1']));
  });

  it('keeps fingerprints across review dates (numbers and dates outside code) and suggestions, not across subjects', () => {
    const overdue = (text: string, subject = 'milestone WS1-M2/due') => message({ ruleId: 'overdue-milestone', severity: 'warning', message: text, line: 3, subject });
    const [june] = run([report(PLAN, [overdue('Milestone `WS1-M2` is 91 days overdue at the review date 30 Jun 2025 (2025-06-30).')])]);
    const [july] = run([report(PLAN, [overdue('Milestone `WS1-M2` is 122 days overdue at the review date 31 Jul 2025 (2025-07-31).')])]);
    assert.equal(july.fingerprint, june.fingerprint);
    const [other] = run([report(PLAN, [overdue('Milestone `WS1-M2` is 91 days overdue at the review date 30 Jun 2025 (2025-06-30).', 'milestone WS1-M3/due')])]);
    assert.notEqual(other.fingerprint, june.fingerprint);
    const unknown = (text: string) => run([report(PLAN, [message({ ruleId: 'unknown-aim', severity: 'error', message: text, line: 3, subject: 'workstream WS1/aims/=SA9' })])])[0].fingerprint;
    assert.equal(unknown('Unknown aim `SA9`. Did you mean `SA1`?'), unknown('Unknown aim `SA9`. Did you mean `SA0` or `SA1`?'));
    assert.notEqual(unknown('Unknown aim `SA9`.'), unknown('Unknown aim `SA8`.'), 'code spans are kept');
    const listed = (ids: string) => unknown(`Unknown aim \`SA9\`. The aims defined are ${ids}. Define it in an \`aims\` block or fix the id.`);
    assert.equal(listed('`SA1`, `SA2`'), listed('`SA1`, `SA2`, `SA.3`'), 'the list of defined ids grows with the plan');
    assert.equal(listed('`SA1`'), unknown('Unknown aim `SA9`. Define it in an `aims` block or fix the id.'));
  });

  it('keeps multi-line ranges and never reports line or column 0', () => {
    const issues = run([
      report(PLAN, [
        message({ ruleId: 'file-too-large', severity: 'error', message: 'big', line: 1, column: 1, endLine: 1, endColumn: 1 }),
        message({ ruleId: 'yaml-syntax', severity: 'error', message: 'bad', line: 5, column: 3, endLine: 7, endColumn: 1 }),
        message({ ruleId: 'yaml-syntax', severity: 'error', message: 'odd', line: 0, column: 0, endLine: 0, endColumn: 0 }),
      ]),
    ]);
    assert.deepEqual(issues[1].location.lines, { begin: 5, end: 7 });
    assert.deepEqual(issues[1].location.positions, { begin: { line: 5, column: 3 }, end: { line: 7, column: 1 } });
    assert.deepEqual(issues[2].location.lines, { begin: 1, end: 1 });
    assert.deepEqual(issues[2].location.positions.begin, { line: 1, column: 1 });
  });
});
