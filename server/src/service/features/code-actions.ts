import type { CodeAction, Diagnostic as LspDiagnostic, Range } from 'vscode-languageserver';
import type { Diagnostic } from '../../core/lint.js';
import type { LineIndex } from '../../core/text.js';
import { toLspDiagnostic } from '../convert.js';
import type { LinkedFile } from './linked-file.js';
import type { Fix } from './fixes/fix.js';
import { adoptAim, changeReference, linkAim } from './fixes/references.js';
import { fixOverdue } from './fixes/milestones.js';
import { addMetricSkeleton, completeMetric } from './fixes/metrics.js';
import { canonicalRewrites, rewriteInvalidPeriod } from './fixes/periods.js';
import { changeBlockType, changeFramework, fixSchema } from './fixes/schema.js';
import { canonicalWordRewrites } from './fixes/words.js';

export { suggestPeriodFixes } from './fixes/periods.js';

const FIXES: Record<string, Fix> = {
  'unknown-aim': changeReference,
  'unknown-priority': changeReference,
  'unknown-workstream': changeReference,
  'dependency-late': changeReference,
  'aim-without-workstream': linkAim,
  'aim-not-adopted': adoptAim,
  'overdue-milestone': fixOverdue,
  'missing-metrics': addMetricSkeleton,
  'incomplete-metric': completeMetric,
  'invalid-period': rewriteInvalidPeriod,
  'frontmatter-schema': fixSchema,
  'unresolved-framework': changeFramework,
  'block-schema': (context) => (typeof context.diagnostic.data?.replacement === 'string' ? changeBlockType(context) : fixSchema(context)),
};

/**
 * Quick fixes for the diagnostics that overlap `range`, and rewrites of non-canonical periods and enumerated values there.
 * The fixes work from the server's own diagnostics, whose data it made: the client's copies only serve
 * to hand back the diagnostic objects it knows.
 */
export function codeActions(file: LinkedFile, range: Range, diagnostics: LspDiagnostic[], only?: string[], client: { snippetEdits?: boolean } = {}): CodeAction[] {
  const document = file.document;
  if (!document.kind || document.oversize) return [];
  const span = { start: document.lines.offsetAt(range.start), end: document.lines.offsetAt(range.end) };
  const base = { file, document, asOf: file.linked.reviewDate, definitions: file.linked.definitions, snippetEdits: client.snippetEdits };
  const actions: CodeAction[] = [];
  for (const diagnostic of file.diagnostics) {
    const fix = FIXES[diagnostic.ruleId];
    if (!fix || diagnostic.span.start > span.end || diagnostic.span.end < span.start) continue;
    const lsp = clientCopy(diagnostics, diagnostic, document.lines) ?? toLspDiagnostic(document.lines, diagnostic);
    actions.push(...fix({ ...base, diagnostic, lsp }));
  }
  actions.push(...canonicalRewrites(document, file.uri, span), ...canonicalWordRewrites(document, file.uri, span));
  return only?.length ? actions.filter((a) => only.some((kind) => a.kind === kind || a.kind?.startsWith(`${kind}.`))) : actions;
}

function clientCopy(sent: LspDiagnostic[], diagnostic: Diagnostic, lines: LineIndex): LspDiagnostic | undefined {
  const mine = toLspDiagnostic(lines, diagnostic);
  const same = (a: Range, b: Range) => a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
  return sent.find((d) => d.code === diagnostic.ruleId && d.message === diagnostic.message && same(d.range, mine.range));
}
