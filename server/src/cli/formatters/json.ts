import type { Severity } from '../../core/rules/rule.js';
import type { Formatter } from './types.js';

/**
 * ESLint-compatible JSON (the shape of ESLint's `LintResult[]`), on one line.
 * Severities follow ESLint: error → 2, warning and info → 1. `warningCount`
 * counts every severity 1, infos included, as ESLint's formatters add it up;
 * the extra field `infoCount` says how many of those are infos. `fixableErrorCount` and
 * `fixableWarningCount` count the messages `--fix` would fix, as ESLint counts them.
 * Every file passed is listed, even one with no messages, as ESLint does.
 */

export interface JsonMessage {
  ruleId: string;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
  suppressedMessages: never[];
  errorCount: number;
  fatalErrorCount: 0;
  warningCount: number;
  infoCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  usedDeprecatedRules: never[];
  /** The fixed text, with `--fix-dry-run` (or `--fix --stdin`), when the fixes changed it. */
  output?: string;
}

const SEVERITY: Record<Severity, 1 | 2> = { error: 2, warning: 1, info: 1 };

export const json: Formatter = (reports) => JSON.stringify(eslintResults(reports));

/** The reports as ESLint's `LintResult[]`, for `json` and for ESLint's own formatters. */
export function eslintResults(reports: Parameters<Formatter>[0]): JsonResult[] {
  return reports.map((report) => ({
    filePath: report.filePath,
    messages: report.messages.map((m) => ({
      ruleId: m.ruleId,
      severity: SEVERITY[m.severity],
      message: m.message,
      line: m.line,
      column: m.column,
      endLine: m.endLine,
      endColumn: m.endColumn,
    })),
    suppressedMessages: [],
    errorCount: report.errorCount,
    fatalErrorCount: 0,
    warningCount: report.warningCount + report.infoCount,
    infoCount: report.infoCount,
    fixableErrorCount: report.messages.filter((m) => m.fixable && m.severity === 'error').length,
    fixableWarningCount: report.messages.filter((m) => m.fixable && m.severity !== 'error').length,
    usedDeprecatedRules: [],
    ...(report.output !== undefined ? { output: report.output } : {}),
  }));
}

export default json;
