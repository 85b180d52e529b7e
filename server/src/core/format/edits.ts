import type { PlanDocument, YamlPart } from '../model.js';
import type { Span } from '../text.js';

/** A replacement of the source text between two offsets. */
export interface TextChange {
  start: number;
  end: number;
  text: string;
}

/** The text with non-overlapping changes applied (in any order). */
export function applyChanges(text: string, changes: readonly TextChange[]): string {
  const sorted = [...changes].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const change of sorted) {
    out += text.slice(at, change.start) + change.text;
    at = change.end;
  }
  return out + text.slice(at);
}

const LINE_BREAK = /\r\n|\r|\n/g;

/** Where each line of a region's content starts, computed once per region: the formatter asks for every line. */
const lineStartsOf = new WeakMap<YamlPart['region'], number[]>();
function contentLineStarts(region: YamlPart['region']): number[] {
  let starts = lineStartsOf.get(region);
  if (starts) return starts;
  starts = [0];
  LINE_BREAK.lastIndex = 0;
  for (let m = LINE_BREAK.exec(region.content); m; m = LINE_BREAK.exec(region.content)) starts.push(m.index + m[0].length);
  lineStartsOf.set(region, starts);
  return starts;
}

/**
 * The Markdown that precedes a block line's YAML: list indentation, `>` quote markers, the fence's own
 * indent. New lines must repeat it, or they would fall out of the list item or quote.
 */
export function containerPrefix(document: PlanDocument, part: YamlPart, line: number): string {
  const { lines } = document;
  const region = part.region;
  const k = line - lines.positionAt(region.span.start).line - 1;
  const starts = contentLineStarts(region);
  if (k < 0 || k >= starts.length) return '';
  const lineStart = lines.lineStarts[line];
  const source = region.toSource(starts[k]);
  return source >= lineStart && source <= lines.lineEnd(line) ? document.text.slice(lineStart, source) : '';
}

/** The last line of a span that holds YAML (YAML node ranges run on over line breaks and the next line's prefix). */
export function lastContentLine(document: PlanDocument, part: YamlPart, span: Span): number {
  const { lines } = document;
  const first = lines.positionAt(span.start).line;
  let line = lines.positionAt(span.end).line;
  while (line > first) {
    const start = lines.lineStarts[line] + containerPrefix(document, part, line).length;
    if (document.text.slice(start, Math.min(lines.lineEnd(line), span.end)).trim() !== '') break;
    line--;
  }
  return line;
}

/** The line break the document uses at a line, so that CRLF files stay CRLF. */
export function eolAt(document: PlanDocument, line: number): string {
  const { lines, text } = document;
  for (const l of [line, line - 1]) {
    if (l < 0 || l + 1 >= lines.lineCount) continue;
    const end = lines.lineEnd(l);
    return text.slice(end, lines.lineStarts[l + 1]);
  }
  return /\r\n?|\n/.exec(text)?.[0] ?? '\n';
}

/** Replaces a scalar's value, keeping its quotes when it has them. */
export function replaceScalar(document: PlanDocument, span: Span, value: string): TextChange {
  const raw = document.text.slice(span.start, span.end);
  const quote = raw[0];
  if (raw.length >= 2 && (quote === '"' || quote === "'") && raw[raw.length - 1] === quote) return { start: span.start + 1, end: span.end - 1, text: value };
  return { start: span.start, end: span.end, text: value };
}
