import type { CodeAction } from 'vscode-languageserver';
import { safeFixChanges } from '../../core/format/safe-fixes.js';
import { toRange } from '../convert.js';
import type { LinkedFile } from './linked-file.js';

/** The kind VS Code asks for on save with `"editor.codeActionsOnSave": {"source.fixAll.cplan": "explicit"}`. */
export const FIX_ALL_KIND = 'source.fixAll.cplan';

/**
 * `source.fixAll.cplan`: every fix that needs no choice (those of `cplan lint --fix`), in one action. Offered only
 * when the client asks for source actions of this kind, as on save, so that it never crowds the quick fix menu.
 */
export function fixAllActions(file: LinkedFile, only?: string[]): CodeAction[] {
  if (!only?.some((kind) => kind === 'source' || kind === 'source.fixAll' || kind === FIX_ALL_KIND)) return [];
  const { document } = file;
  const changes = safeFixChanges(document, file.diagnostics);
  if (changes.length === 0) return [];
  return [{
    title: 'Fix all cplan problems that need no choice',
    kind: FIX_ALL_KIND,
    edit: { changes: { [file.uri]: changes.map((change) => ({ range: toRange(document.lines, change), newText: change.text })) } },
  }];
}
