import type { SnippetTextEdit, TextEdit } from 'vscode-languageserver';
import type { PlanDocument, YamlPart } from '../../../core/model.js';
import type { NodeLocation } from '../../../core/parse/yaml.js';
import type { Span } from '../../../core/text.js';
import { toRange } from '../../convert.js';
import { containerPrefix, eolAt, lastContentLine, replaceScalar, type TextChange } from '../../../core/format/edits.js';

export { containerPrefix, eolAt, lastContentLine, replaceScalar };

/** A replacement of the source text between two offsets (the core's change, which fixes share with the formatter). */
export interface Edit extends TextChange {
  /** The same text as an LSP snippet with a placeholder for the user to fill in, for clients that take snippet edits. */
  snippet?: string;
}

/** Escapes text for an LSP snippet, in which `$`, `}` and `\` mean something. */
export function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}

/** The edit with its `literal` (the text to be replaced by the user, such as `YYYY-MM-DD`) as the snippet's first placeholder. */
export function withPlaceholder(edit: Edit, literal: string): Edit {
  const at = edit.text.indexOf(literal);
  if (at < 0) return edit;
  const snippet = `${escapeSnippet(edit.text.slice(0, at))}\${1:${escapeSnippet(literal)}}${escapeSnippet(edit.text.slice(at + literal.length))}`;
  return { ...edit, snippet };
}

/** What a new line needs in front of it to sit at the same column as `key` (a `- ` before the key becomes spaces). */
export function indentOf(document: PlanDocument, part: YamlPart, key: Span): string {
  const line = document.lines.positionAt(key.start).line;
  const prefix = containerPrefix(document, part, line);
  const lineStart = document.lines.lineStarts[line];
  return prefix + document.text.slice(lineStart + prefix.length, key.start).replace(/\S/g, ' ');
}

/** New lines after a line, each already carrying its prefix and indentation. */
export function insertLinesAfter(document: PlanDocument, line: number, newLines: string[]): Edit {
  const at = document.lines.lineEnd(line);
  const eol = eolAt(document, line);
  return { start: at, end: at, text: newLines.map((l) => eol + l).join('') };
}

/** Sets a key's value: an empty value (`key:`) gets one after its colon, any other scalar is replaced. */
export function setValue(document: PlanDocument, location: NodeLocation, value: string): Edit {
  if (location.value.end > location.value.start || !location.key) return replaceScalar(document, location.value, value);
  const colon = document.text.indexOf(':', location.key.end) + 1;
  return { start: colon, end: colon, text: ` ${value}` };
}

export function isFlow(document: PlanDocument, span: Span, open: '{' | '['): boolean {
  return document.text[span.start] === open;
}

/** Offset of the closing bracket of a flow collection, after any spaces before it. */
function flowEnd(document: PlanDocument, span: Span): { at: number; empty: boolean } {
  let at = span.end - 1;
  while (at > span.start && /\s/.test(document.text[at - 1])) at--;
  return { at, empty: at === span.start + 1 };
}

/**
 * Adds `key: value` entries at the end of a mapping: inside the braces of a flow mapping, or as new lines
 * after its last line, indented like `indentKey` (one of its keys).
 */
export function appendToMapping(document: PlanDocument, part: YamlPart, mapping: Span, indentKey: Span, entries: Array<[string, string]>): Edit {
  if (isFlow(document, mapping, '{')) {
    const { at, empty } = flowEnd(document, mapping);
    const text = entries.map(([k, v]) => `${k}: ${v}`).join(', ');
    return { start: at, end: at, text: empty ? text : `, ${text}` };
  }
  return addLinesAfterNode(document, part, mapping, indentOf(document, part, indentKey), entries.map(([k, v]) => `${k}: ${v}`));
}

/** Adds entries right after one key of a mapping (`after`), in flow or block style. */
export function insertAfterKey(document: PlanDocument, part: YamlPart, mapping: Span, after: NodeLocation & { key: Span }, entries: Array<[string, string]>): Edit {
  const text = entries.map(([k, v]) => `${k}: ${v}`);
  if (isFlow(document, mapping, '{')) return { start: after.value.end, end: after.value.end, text: text.map((t) => `, ${t}`).join('') };
  return addLinesAfterNode(document, part, { start: after.key.start, end: Math.max(after.key.end, after.value.end) }, indentOf(document, part, after.key), text);
}

function addLinesAfterNode(document: PlanDocument, part: YamlPart, node: Span, indent: string, texts: string[]): Edit {
  return insertLinesAfter(document, lastContentLine(document, part, node), texts.map((t) => indent + t));
}

/** Merges edits that touch or share an offset, so that the client cannot apply them in the wrong order. */
function merge(edits: Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Edit[] = [];
  for (const edit of sorted) {
    const last = merged[merged.length - 1];
    if (last && edit.start === last.end) {
      const joined: Edit = { start: last.start, end: edit.end, text: last.text + edit.text };
      if (last.snippet !== undefined || edit.snippet !== undefined) joined.snippet = (last.snippet ?? escapeSnippet(last.text)) + (edit.snippet ?? escapeSnippet(edit.text));
      merged[merged.length - 1] = joined;
    } else merged.push(edit);
  }
  return merged;
}

/** Plain text edits: a snippet's placeholder stays as its literal text. */
export function toTextEdits(document: PlanDocument, edits: Edit[]): TextEdit[] {
  return merge(edits).map((e) => ({ range: toRange(document.lines, e), newText: e.text }));
}

/** Text edits, with those that have a snippet as LSP 3.18 snippet edits. */
export function toSnippetEdits(document: PlanDocument, edits: Edit[]): Array<TextEdit | SnippetTextEdit> {
  return merge(edits).map((e) => (e.snippet === undefined ? { range: toRange(document.lines, e), newText: e.text } : { range: toRange(document.lines, e), snippet: { kind: 'snippet', value: e.snippet } }));
}
