import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic } from '../../../core/lint.js';
import type { Entity, PlanDocument, YamlPart } from '../../../core/model.js';
import { isUnreadable } from '../../../core/model.js';
import { unescapePointer } from '../../../core/parse/yaml.js';
import type { Day } from '../../../core/periods.js';
import type { Span } from '../../../core/text.js';
import type { LinkedFile } from '../linked-file.js';
import { toSnippetEdits, toTextEdits, type Edit } from './yaml-edits.js';

/** One diagnostic to fix, with what its fixes may need to know about the workspace. */
export interface FixContext {
  file: LinkedFile;
  document: PlanDocument;
  asOf: Day;
  definitions: Map<string, Entity[]>;
  /** The core diagnostic, whose `data` is trusted. */
  diagnostic: Diagnostic;
  /** The same diagnostic as the client knows it, attached to the actions. */
  lsp: LspDiagnostic;
  /** The client takes snippet edits in a workspace edit (LSP 3.18 `snippetEditSupport`, with `documentChanges`). */
  snippetEdits?: boolean;
}

export type Fix = (context: FixContext) => CodeAction[];

export function quickFix(context: FixContext, title: string, edits: Edit[], preferred = false): CodeAction {
  const action: CodeAction = {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [context.lsp],
    edit: context.snippetEdits && edits.some((e) => e.snippet !== undefined)
      ? { documentChanges: [{ textDocument: { uri: context.file.uri, version: context.file.version }, edits: toSnippetEdits(context.document, edits) }] }
      : { changes: { [context.file.uri]: toTextEdits(context.document, edits) } },
  };
  if (preferred) action.isPreferred = true;
  return action;
}

export function sameSpan(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}

export { partAt } from '../../../core/format/canonical-values.js';

/** A part whose YAML could not be read is left alone: its data and locations cannot be trusted. */
export const isBroken = isUnreadable;

/** The data at a JSON pointer of a part; undefined when absent. */
export function valueAt(part: YamlPart, pointer: string): unknown {
  let value: unknown = part.yaml.data;
  for (const raw of pointer.split('/').slice(1)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[unescapePointer(raw)];
  }
  return value;
}
