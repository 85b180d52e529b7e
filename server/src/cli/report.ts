import type { LineIndex, Span } from '../core/text.js';
import type { Diagnostic } from '../core/lint.js';
import type { PlanDocument } from '../core/model.js';
import { safeFixOf } from '../core/format/safe-fixes.js';
import { subjectsOf } from './finding-subject.js';
import type { FileReport, ReportMessage } from './formatters/types.js';

/** 1-based line/column range with an exclusive end column, as ESLint, SARIF and GitHub expect. */
export function oneBased(lines: LineIndex, span: Span) {
  const start = lines.positionAt(span.start);
  const end = lines.positionAt(span.end);
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

export function toFileReport(filePath: string, document: PlanDocument, diagnostics: readonly Diagnostic[]): FileReport {
  const lines = document.lines;
  const subjectOf = subjectsOf(document);
  const messages: ReportMessage[] = diagnostics.map((d) => ({
    ruleId: d.ruleId,
    severity: d.severity,
    message: d.message,
    ...oneBased(lines, d.span),
    subject: subjectOf(d.span),
    ...(safeFixOf(document, d) ? { fixable: true as const } : {}),
    related: d.related?.map((r) => ({ filePath: r.document.path, message: r.message, ...oneBased(r.document.lines, r.span) })),
  }));
  const count = (severity: string) => messages.filter((m) => m.severity === severity).length;
  return { filePath, messages, errorCount: count('error'), warningCount: count('warning'), infoCount: count('info') };
}
