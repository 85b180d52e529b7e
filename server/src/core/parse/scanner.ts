import type { LineIndex } from '../text.js';
import { atxHeading, fenceOpener } from '../strings.js';
import { endsHtmlBlock, htmlBlockStart, type HtmlBlockEnd } from './html-blocks.js';

/** A raw fenced code block or front matter found by the line scanner, before any YAML is read. */
export interface RawFence {
  /** Offset where the opening fence (or `---`) starts. */
  start: number;
  /** Offset where the block ends: the end of its closing line, or where its container or the text ended. */
  end: number;
  /** The info string after the fence characters. */
  info: string;
  /** Each content line: its text (container prefixes and the fence's indent removed) and where that text starts. */
  lines: { text: string; start: number }[];
}

export interface RawHeading {
  depth: number;
  text: string;
  start: number;
  end: number;
}

export interface RawScan {
  frontMatter?: RawFence;
  fences: RawFence[];
  headings: RawHeading[];
  /** Lines outside code and front matter that hold `<!--`: where suppression comments may be. */
  commentLines: number[];
}

/**
 * An open container. A list item's content starts `width` columns after where its container's content starts on
 * the line (not at a fixed column: `>` markers may move from line to line); `empty` while it holds nothing yet.
 */
type Container = { kind: 'quote' } | { kind: 'item'; width: number; empty: boolean };

interface Cursor {
  /** Offset in the text. */
  offset: number;
  /** Visual column (tabs expand to the next multiple of 4), for indentation rules. */
  column: number;
  /** Columns left over from a tab that was only partly consumed: they count as spaces. */
  pad: number;
}

/** The rest of the line from the cursor, a partly consumed tab's leftover columns written as spaces. */
function restOf(text: string, cursor: Cursor, lineEnd: number): string {
  return ' '.repeat(cursor.pad) + text.slice(cursor.offset, lineEnd);
}

/** Where the rest of the line starts in the text (the tab itself, when part of it is left). */
function restStart(cursor: Cursor): number {
  return cursor.pad ? cursor.offset - 1 : cursor.offset;
}

/**
 * Finds front matter, fenced code blocks, ATX/setext headings and comment lines in one pass over the lines,
 * following CommonMark's container rules for block quotes and list items. Linear in the size of the text:
 * unlike a full CommonMark parser, no input can make it slow, so it is safe on every keystroke.
 */
export function scanLines(text: string, lines: LineIndex): RawScan {
  const scan: RawScan = { fences: [], headings: [], commentLines: [] };
  let first = 0;
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (/^---[ \t]*$/.test(lines.lineText(0).slice(bom))) {
    for (let line = 1; line < lines.lineCount; line++) {
      if (/^---[ \t]*$/.test(lines.lineText(line))) {
        const contentLines = [];
        for (let l = 1; l < line; l++) contentLines.push({ text: lines.lineText(l), start: lines.lineStarts[l] });
        scan.frontMatter = { start: bom, end: lines.lineEnd(line), info: '', lines: contentLines };
        first = line + 1;
        break;
      }
    }
  }

  const breaks = new ThematicBreaks(text);
  let open: Container[] = [];
  let fence: (RawFence & { char: string; length: number; indent: number; depth: number }) | undefined;
  let paragraph: { start: number; text: string } | undefined;
  /** An open HTML block: what ends it, and its container depth (it ends with its container too). */
  let html: { end: HtmlBlockEnd; depth: number } | undefined;

  // A text that ends in a line break has no line after it, though LineIndex counts an empty one there.
  const lineCount = lines.lineCount > 1 && lines.lineStarts[lines.lineCount - 1] === text.length ? lines.lineCount - 1 : lines.lineCount;
  for (let line = first; line < lineCount; line++) {
    const lineStart = lines.lineStarts[line];
    const lineText = lines.lineText(line);
    const cursor: Cursor = { offset: lineStart, column: 0, pad: 0 };

    // Which open containers does this line continue?
    const lineEnd = lineStart + lineText.length;
    // Where the next non-space character is, from the cursor on: worked out once per stretch of spaces.
    let nonspace = -1;
    let matched = 0;
    for (; matched < open.length; matched++) {
      const container = open[matched];
      if (nonspace < cursor.offset) nonspace = nextNonspace(text, cursor.offset, lineEnd);
      if (container.kind === 'quote') {
        if (!takeQuoteMarker(text, cursor)) break;
      } else if (nonspace === lineEnd) {
        // A blank line continues an item only once it holds something, and what it holds starts after it.
        if (container.empty) break;
        Object.assign(cursor, { offset: lineEnd, column: cursor.column + indentAt(text, cursor, Infinity), pad: 0 });
      } else if (indentAt(text, cursor, container.width) >= container.width) {
        advanceSpaces(text, cursor, cursor.column + container.width);
        container.empty = false;
      } else break;
    }

    if (fence) {
      if (matched < fence.depth) {
        fence.end = lines.lineEnd(line - 1);
        scan.fences.push(fence);
        fence = undefined;
      } else {
        const rest = restOf(text, cursor, lineEnd);
        if (isClosingFence(rest, cursor.column, fence.char, fence.length)) {
          fence.end = lines.lineEnd(line);
          scan.fences.push(fence);
          fence = undefined;
        } else {
          fence.lines.push(stripIndent(rest, restStart(cursor), fence.indent, cursor.column - cursor.pad));
        }
        continue;
      }
    }

    const rest = restOf(text, cursor, lineEnd);
    // A paragraph can only be interrupted, or underlined into a heading, from inside its own containers.
    const inParagraph = paragraph !== undefined && matched === open.length;
    const lazy = matched < open.length && paragraph !== undefined && !/^[ \t]*$/.test(rest) && !startsBlock(rest, cursor.column);
    if (!lazy) {
      if (matched < open.length) paragraph = undefined;
      open = open.slice(0, matched);
    }
    if (html && matched < html.depth && !lazy) html = undefined;
    if (html?.end === 'blank' && /^[ \t]*$/.test(rest)) html = undefined;
    if (html) {
      if (html.end !== 'comment' && rest.includes('<!--')) scan.commentLines.push(line);
      if (html.end !== 'blank' && endsHtmlBlock(html.end, rest)) html = undefined;
      continue;
    }

    // New containers opened on this line.
    while (!lazy) {
      const saved = { ...cursor };
      if (takeQuoteMarker(text, cursor)) {
        open.push({ kind: 'quote' });
        paragraph = undefined;
        continue;
      }
      const item = listItem(text, cursor, lineEnd, inParagraph && paragraph !== undefined, breaks);
      if (item !== undefined) {
        open.push({ kind: 'item', ...item });
        paragraph = undefined;
        continue;
      }
      Object.assign(cursor, saved);
      break;
    }

    const body = restOf(text, cursor, lineEnd);
    // Indentation in columns (a tab reaches the next multiple of 4), and how many characters it takes.
    const { columns: indent, chars: lead } = leadingIndent(body, cursor.column);
    if (/^[ \t]*$/.test(body)) {
      paragraph = undefined;
      continue;
    }
    if (indent < 4 && !lazy) {
      const opener = fenceOpener(body.slice(lead));
      if (opener && !(opener.marker[0] === '`' && opener.info.includes('`'))) {
        fence = { start: cursor.offset + Math.max(0, lead - cursor.pad), end: 0, info: opener.info.trim(), lines: [], char: opener.marker[0], length: opener.marker.length, indent, depth: open.length };
        paragraph = undefined;
        continue;
      }
      const heading = atxHeading(body.slice(lead));
      if (heading) {
        scan.headings.push({ depth: heading.depth, text: heading.text, start: cursor.offset + Math.max(0, lead - cursor.pad), end: lineEnd });
        paragraph = undefined;
        continue;
      }
      if (paragraph && /^(=+|-+)[ \t]*$/.test(body.slice(lead))) {
        scan.headings.push({ depth: body[lead] === '=' ? 1 : 2, text: paragraph.text.trim(), start: paragraph.start, end: lineEnd });
        paragraph = undefined;
        continue;
      }
      if (isThematicBreak(body)) {
        paragraph = undefined;
        continue;
      }
    }
    if (body.includes('<!--')) scan.commentLines.push(line);
    const htmlEnd = indent < 4 && !lazy ? htmlBlockStart(body.slice(lead), paragraph !== undefined) : undefined;
    if (htmlEnd) {
      // The opening line counts for the end marker too: `<!-->` and `<!--->` are whole comments.
      html = htmlEnd !== 'blank' && endsHtmlBlock(htmlEnd, body.slice(lead)) ? undefined : { end: htmlEnd, depth: open.length };
      paragraph = undefined;
      continue;
    }
    if (indent >= 4 && !paragraph && !lazy) {
      // Indented code: nothing in it counts.
      continue;
    }
    paragraph = paragraph ? { start: paragraph.start, text: body } : { start: cursor.offset + Math.max(0, lead - cursor.pad), text: body };
  }
  if (fence) {
    fence.end = text.length;
    scan.fences.push(fence);
  }
  scan.fences.sort((a, b) => a.start - b.start);
  return scan;
}

/** Removes up to `columns` of indentation; a tab only partly removed leaves its remaining columns as spaces, as CommonMark does. */
function stripIndent(rest: string, start: number, columns: number, startColumn: number): { text: string; start: number } {
  let column = startColumn;
  let i = 0;
  let remaining = columns;
  let pad = '';
  while (remaining > 0 && i < rest.length) {
    const c = rest.charCodeAt(i);
    if (c === 32) {
      column++;
      remaining--;
    } else if (c === 9) {
      const width = 4 - (column % 4);
      if (width > remaining) pad = ' '.repeat(width - remaining);
      remaining = Math.max(0, remaining - width);
      column += width;
    } else break;
    i++;
  }
  return { text: pad + rest.slice(i), start: start + Math.max(0, i - (pad ? 1 : 0)) };
}

/** The spaces and tabs a line starts with, `column` being where it starts: how many columns, and characters. */
function leadingIndent(text: string, column: number): { columns: number; chars: number } {
  let end = column;
  let chars = 0;
  for (; chars < text.length; chars++) {
    const c = text.charCodeAt(chars);
    if (c === 32) end++;
    else if (c === 9) end += 4 - (end % 4);
    else break;
  }
  return { columns: end - column, chars };
}

function leadingSpaces(text: string): number {
  let n = 0;
  while (n < text.length && text.charCodeAt(n) === 32) n++;
  return n;
}

/**
 * Visual indentation at the cursor, without moving it; counting stops at `limit` columns, so that deep nesting
 * over a long run of spaces stays linear.
 */
function indentAt(text: string, cursor: Cursor, limit: number): number {
  let column = cursor.column + cursor.pad;
  for (let i = cursor.offset; i < text.length && column - cursor.column < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) column++;
    else if (c === 9) column += 4 - (column % 4);
    else break;
  }
  return column - cursor.column;
}

/** Moves past spaces/tabs up to `toColumn`. */
function advanceSpaces(text: string, cursor: Cursor, toColumn: number): void {
  while (cursor.pad > 0 && cursor.column < toColumn) {
    cursor.pad--;
    cursor.column++;
  }
  while (cursor.column < toColumn && cursor.offset < text.length) {
    const c = text.charCodeAt(cursor.offset);
    if (c === 32) cursor.column++;
    else if (c === 9) {
      const next = cursor.column + 4 - (cursor.column % 4);
      if (next > toColumn) {
        cursor.pad = next - toColumn;
        cursor.column = toColumn;
        cursor.offset++;
        return;
      }
      cursor.column = next;
    } else break;
    cursor.offset++;
  }
}

/** The offset of the first character from `from` on that is not a space or tab (`lineEnd` if there is none). */
function nextNonspace(text: string, from: number, lineEnd: number): number {
  let i = from;
  while (i < lineEnd && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i;
}

/** `>` after at most 3 spaces, plus one optional space. */
function takeQuoteMarker(text: string, cursor: Cursor): boolean {
  const indent = indentAt(text, cursor, 4);
  if (indent > 3) return false;
  const probe = { ...cursor };
  advanceSpaces(text, probe, cursor.column + indent);
  if (text.charCodeAt(probe.offset) !== 62 /* > */) return false;
  probe.offset++;
  probe.column++;
  const c = text.charCodeAt(probe.offset);
  if (c === 32 || c === 9) advanceSpaces(text, probe, probe.column + 1);
  Object.assign(cursor, probe);
  return true;
}

/**
 * When a list item starts at the cursor: moves past its marker and returns how many columns from the cursor its
 * content starts, and whether the item is empty so far.
 */
function listItem(text: string, cursor: Cursor, lineEnd: number, interruptsParagraph: boolean, breaks: ThematicBreaks): { width: number; empty: boolean } | undefined {
  const base = cursor.column;
  const indent = indentAt(text, cursor, 4);
  if (indent > 3) return undefined;
  const start = { ...cursor };
  advanceSpaces(text, start, cursor.column + indent);
  const rest = text.slice(start.offset, Math.min(lineEnd, start.offset + 12));
  const marker = /^(?:[-+*]|(\d{1,9})[.)])(?=[ \t]|$)/.exec(rest);
  if (!marker) return undefined;
  if (breaks.from(start.offset, lineEnd)) return undefined;
  const afterMarker = { offset: start.offset + marker[0].length, column: start.column + marker[0].length, pad: 0 };
  const emptyItem = /^[ \t]*$/.test(text.slice(afterMarker.offset, lineEnd));
  if (interruptsParagraph && (emptyItem || (marker[1] !== undefined && marker[1] !== '1'))) return undefined;
  const spaces = indentAt(text, afterMarker, 5);
  const contentColumn = emptyItem || spaces > 4 ? afterMarker.column + 1 : afterMarker.column + spaces;
  Object.assign(cursor, afterMarker);
  advanceSpaces(text, cursor, Math.min(contentColumn, afterMarker.column + spaces));
  return { width: contentColumn - base, empty: emptyItem };
}

/**
 * Whether the line from an offset on is a thematic break (`- - -` is one, not three list items). The run of a
 * marker character, spaces and tabs that ends the line is measured once per line, so a line opening thousands of
 * items stays linear.
 */
class ThematicBreaks {
  private lineEnd = -1;
  /** Per character code: where that run starts, and the third last of the characters in it (-1: fewer). */
  private readonly tails = new Map<number, { from: number; third: number }>();

  constructor(private readonly text: string) {}

  from(offset: number, lineEnd: number): boolean {
    const char = this.text.charCodeAt(offset);
    if (char !== 45 /* - */ && char !== 42 /* * */ && char !== 95 /* _ */) return false;
    if (lineEnd !== this.lineEnd) {
      this.tails.clear();
      this.lineEnd = lineEnd;
    }
    let tail = this.tails.get(char);
    if (!tail) {
      tail = { from: lineEnd, third: -1 };
      for (let i = lineEnd - 1, count = 0; i >= 0; i--) {
        const c = this.text.charCodeAt(i);
        if (c === char && ++count === 3) tail.third = i;
        else if (c !== char && c !== 32 && c !== 9) break;
        tail.from = i;
      }
      this.tails.set(char, tail);
    }
    return offset >= tail.from && offset <= tail.third;
  }
}

function isThematicBreak(line: string): boolean {
  let char = '';
  let count = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === ' ' || c === '\t') continue;
    if (c !== '-' && c !== '*' && c !== '_') return false;
    if (char && c !== char) return false;
    char = c;
    count++;
  }
  return count >= 3 && leadingSpaces(line) <= 3;
}

function isClosingFence(rest: string, column: number, char: string, length: number): boolean {
  const { columns, chars } = leadingIndent(rest, column);
  if (columns > 3) return false;
  let n = chars;
  while (rest[n] === char) n++;
  return n - chars >= length && /^[ \t]*$/.test(rest.slice(n));
}

/** Whether a line would start a block other than a paragraph (so it cannot be a lazy continuation). */
function startsBlock(rest: string, column: number): boolean {
  const { columns, chars } = leadingIndent(rest, column);
  if (columns >= 4) return false;
  const body = rest.slice(chars);
  return /^(?:`{3,}|~{3,}|#{1,6}(?:[ \t]|$)|>|[-+*](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$))/.test(body) || isThematicBreak(rest) || htmlBlockStart(body, true) !== undefined;
}
