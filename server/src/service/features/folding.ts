import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { Span } from '../../core/text.js';
import type { LinkedFile } from './linked-file.js';

/** Front matter, each typed block, each Markdown section, and each multi-line aim, priority, milestone or metric. */
export function foldingRanges(file: Pick<LinkedFile, 'document'>): FoldingRange[] {
  const document = file.document;
  const lines = document.lines;
  const startLine = (offset: number) => lines.positionAt(offset).line;
  // Spans end just after their last character, which may be the line break itself.
  const lastLine = (span: Span) => lines.positionAt(Math.max(span.start, span.end - 1)).line;
  const ranges = new Map<string, FoldingRange>();
  const add = (start: number, end: number, kind?: string) => {
    if (end > start && !ranges.has(`${start}:${end}`)) ranges.set(`${start}:${end}`, kind ? { startLine: start, endLine: end, kind } : { startLine: start, endLine: end });
  };

  const frontMatter = document.frontMatter?.part.region.span;
  if (frontMatter) add(startLine(frontMatter.start), lastLine(frontMatter), FoldingRangeKind.Region);
  for (const block of document.blocks) add(startLine(block.region.span.start), lastLine(block.region.span));

  // A section runs to the line before the next heading of the same or a higher level.
  const open: { depth: number; line: number }[] = [];
  const closeSection = (section: { line: number }, before: number) => {
    let end = before - 1;
    while (end > section.line && lines.lineText(end).trim() === '') end--;
    add(section.line, end);
  };
  for (const heading of [...document.headings].sort((a, b) => a.span.start - b.span.start)) {
    const line = startLine(heading.span.start);
    while (open.length && open[open.length - 1].depth >= heading.depth) closeSection(open.pop()!, line);
    open.push({ depth: heading.depth, line });
  }
  for (const section of open) closeSection(section, lines.lineCount);

  for (const entity of [...document.aims, ...document.priorities, ...document.milestones, ...document.metrics]) {
    add(startLine(entity.span.start), lastLine(entity.span));
  }
  return [...ranges.values()].sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
