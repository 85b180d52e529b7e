import { CodeActionKind, type CodeAction } from 'vscode-languageserver';
import type { PlanDocument } from '../../../core/model.js';
import type { Span } from '../../../core/text.js';
import { canonicalWordRewrites as rewritesOf } from '../../../core/format/canonical-values.js';
import { replaceScalar, toTextEdits } from './yaml-edits.js';

/**
 * An enumerated value that is read as its canonical form but not written so (`At risk`, `completed`,
 * `half-yearly`): offered wherever the cursor is on it, with no diagnostic, as non-canonical periods are.
 */
export function canonicalWordRewrites(document: PlanDocument, uri: string, range: Span): CodeAction[] {
  return rewritesOf(document, range).map(({ span, canonical }) => ({
    title: `Rewrite as \`${canonical}\``,
    kind: CodeActionKind.RefactorRewrite,
    edit: { changes: { [uri]: toTextEdits(document, [replaceScalar(document, span, canonical)]) } },
  }));
}
