import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type Range } from 'vscode-languageserver';
import type { LineIndex, Span } from '../core/text.js';
import type { Diagnostic } from '../core/lint.js';
import { ruleDocUrl } from '../core/rules/index.js';
import { uriOfPath } from './uris.js';

export function toRange(lines: LineIndex, span: Span): Range {
  return { start: lines.positionAt(span.start), end: lines.positionAt(span.end) };
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/** What a code action needs to know about a diagnostic it is asked to fix. */
export interface DiagnosticData {
  ruleId: string;
  [key: string]: unknown;
}

export function toLspDiagnostic(lines: LineIndex, diagnostic: Diagnostic): LspDiagnostic {
  return {
    range: toRange(lines, diagnostic.span),
    severity: SEVERITY[diagnostic.severity],
    code: diagnostic.ruleId,
    codeDescription: { href: ruleDocUrl(diagnostic.ruleId) },
    source: 'cplan',
    message: diagnostic.message,
    relatedInformation: diagnostic.related?.map((r) => ({ location: { uri: uriOfPath(r.document.path), range: toRange(r.document.lines, r.span) }, message: r.message })),
    data: { ruleId: diagnostic.ruleId, ...diagnostic.data } satisfies DiagnosticData,
  };
}
