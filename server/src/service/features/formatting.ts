import type { Range, TextEdit } from 'vscode-languageserver';
import { formatChanges } from '../../core/format/index.js';
import { toRange } from '../convert.js';
import type { LinkedFile } from './linked-file.js';

/**
 * textDocument/formatting and rangeFormatting: the edits of `cplan fmt` (core/format), for the whole document
 * or for what lies inside a range. A part of a moved entry outside the range would move with it, so a range
 * takes only the reorderings of mappings it holds whole.
 */
export function formattingEdits(file: LinkedFile, range?: Range): TextEdit[] {
  const { document } = file;
  const span = range ? { start: document.lines.offsetAt(range.start), end: document.lines.offsetAt(range.end) } : undefined;
  return formatChanges(document, span).map((change) => ({ range: toRange(document.lines, change), newText: change.text }));
}
