import { LineIndex, type Span } from '../text.js';
import { closestMatches } from '../suggest.js';
import { scanLines, type RawFence } from './scanner.js';

export const BLOCK_TYPES = ['aims', 'priorities', 'workstream'] as const;
export type BlockType = (typeof BLOCK_TYPES)[number];

/** A YAML region of the Markdown file: the front matter or one typed fenced block. */
export interface YamlRegion {
  kind: 'frontmatter' | 'block';
  blockType?: BlockType;
  /** The opening `---` or fence line. */
  open: Span;
  /** The whole region, fences included. */
  span: Span;
  /** The YAML text as the YAML parser sees it (container prefixes removed). */
  content: string;
  /** Where each line and the fences sit relative to the region's start: equal layouts map offsets alike. */
  layout: string;
  /** Maps an offset in `content` to an offset in the Markdown text. */
  toSource(contentOffset: number): number;
  /**
   * Shared by a region and the same region found again, unchanged, in a later version of the text (moved or
   * not): what was worked out from it can be reused without comparing its text again.
   */
  identity: object;
}

export type DirectiveKind = 'disable' | 'enable' | 'disable-next-line' | 'disable-line';

/** A suppression comment; `rules` empty means every rule. */
export interface Directive {
  kind: DirectiveKind;
  rules: string[];
  /** 0-based line of the comment. */
  line: number;
}

export interface Heading {
  depth: number;
  text: string;
  span: Span;
}

/** A ```yaml fence whose type is one edit or two away from a known block type: probably a typo. */
export interface MisspeltBlock {
  written: string;
  meant: BlockType;
  /** The type word in the fence's info string. */
  span: Span;
}

/** More blocks than this in one file are not read: no plan needs them, and each costs a YAML parse. */
export const MAX_BLOCKS = 5000;

export interface MarkdownScan {
  frontMatter?: YamlRegion;
  blocks: YamlRegion[];
  /** Set when the file had more typed blocks than MAX_BLOCKS: the first one left unread, and how many there were. */
  skipped?: { first: Span; total: number };
  misspelt: MisspeltBlock[];
  directives: Directive[];
  headings: Heading[];
}

const HTML_DIRECTIVE = /<!--\s*cplan-(disable-next-line|disable-line|disable|enable)((?:[ \t]+[\w.-]+)*)\s*-->/g;

/**
 * Finds the YAML regions, suppression comments and headings of a Markdown file, in linear time. Given the
 * blocks of the previous version of the same file, a block found again unchanged (same content and layout,
 * where it was or moved by the length change of the text) is that region again, moved, with its identity.
 */
export function scanMarkdown(text: string, lines: LineIndex, previous?: { length: number; blocks: readonly YamlRegion[] }): MarkdownScan {
  const raw = scanLines(text, lines);
  const reuse = previous && reuser(previous.blocks, text.length - previous.length);
  const scan: MarkdownScan = { blocks: [], misspelt: [], directives: [], headings: raw.headings.map((h) => ({ depth: h.depth, text: h.text, span: { start: h.start, end: h.end } })) };
  if (raw.frontMatter) scan.frontMatter = regionOf('frontmatter', undefined, raw.frontMatter, lines);
  for (const fence of raw.fences) {
    const [lang, ...rest] = fence.info.split(/\s+/);
    const meta = rest.join(' ');
    const blockType = blockTypeOf(lang, meta);
    if (blockType && scan.blocks.length >= MAX_BLOCKS) {
      scan.skipped ??= { first: { start: fence.start, end: lines.lineEnd(lines.positionAt(fence.start).line) }, total: MAX_BLOCKS };
      scan.skipped.total++;
    } else if (blockType) {
      const region = regionOf('block', blockType, fence, lines);
      scan.blocks.push(reuse?.(region) ?? region);
    }
    else if (lang === 'yaml' && meta) {
      const misspelt = misspeltType(meta, fence.start, lines);
      if (misspelt) scan.misspelt.push(misspelt);
    }
  }
  for (const line of raw.commentLines) collectDirectives(lines.lineText(line), lines.lineStarts[line], lines, scan.directives);
  return scan;
}

/** Singular/plural slips too far apart for edit distance to catch. */
const NUMBER_SLIPS = new Map<string, BlockType>([['aim', 'aims'], ['priority', 'priorities'], ['workstreams', 'workstream']]);

function misspeltType(meta: string, start: number, lines: LineIndex): MisspeltBlock | undefined {
  const written = meta.trim().split(/\s/, 1)[0];
  const meant = NUMBER_SLIPS.get(written.toLowerCase()) ?? closestMatches(written, BLOCK_TYPES)[0];
  if (!meant) return undefined;
  const line = lines.positionAt(start).line;
  const at = lines.lineText(line).indexOf(written, lines.lineText(line).indexOf('yaml') + 4);
  const offset = lines.lineStarts[line] + Math.max(0, at);
  return { written, meant: meant as BlockType, span: { start: offset, end: offset + written.length } };
}

function blockTypeOf(lang: string | null | undefined, meta: string | null | undefined): BlockType | undefined {
  if (lang !== 'yaml' || !meta) return undefined;
  const word = meta.trim().split(/\s/, 1)[0];
  return (BLOCK_TYPES as readonly string[]).includes(word) ? (word as BlockType) : undefined;
}

/** A YAML region from a scanned fence: the content is its lines joined, and each line knows where it came from. */
function regionOf(kind: YamlRegion['kind'], blockType: BlockType | undefined, fence: RawFence, lines: LineIndex): YamlRegion {
  const open = { start: fence.start, end: lines.lineEnd(lines.positionAt(fence.start).line) };
  const span = { start: fence.start, end: fence.end };
  const base = fence.start;
  const at = contiguousStart(fence, lines.text);
  if (at !== undefined) {
    // The usual block, outside any container and with \n line ends: its content is a slice of the text (which
    // V8 keeps without copying) and maps offsets by one shift, with no table of line starts to keep.
    const last = fence.lines[fence.lines.length - 1];
    const content = lines.text.slice(at, last.start + last.text.length);
    const textLength = lines.text.length;
    const toSource = (offset: number): number => Math.min(at + Math.max(0, Math.min(offset, content.length)), textLength);
    return { kind, blockType, open, span, content, layout: `=${open.end - base},${fence.end - base},${at - base}`, toSource, identity: {} };
  }
  const count = Math.max(1, fence.lines.length);
  const contentStarts = new Int32Array(count);
  const sourceStarts = new Int32Array(count);
  let content = '';
  fence.lines.forEach((line, i) => {
    if (i) content += '\n';
    contentStarts[i] = content.length;
    sourceStarts[i] = line.start;
    content += line.text;
  });
  if (fence.lines.length === 0) sourceStarts[0] = lines.lineEnd(lines.positionAt(fence.start).line);
  const toSource = (offset: number): number => {
    const clamped = Math.max(0, Math.min(offset, content.length));
    let low = 0;
    let high = contentStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (contentStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return Math.min(sourceStarts[low] + (clamped - contentStarts[low]), lines.text.length);
  };
  // Read into locals: an arrow over `fence` would keep the fence and all its line objects alive in
  // toSource's closure for as long as the document lives.
  const layout = [open.end - base, fence.end - base, ...sourceStarts].map((s, i) => (i < 2 ? s : s - base)).join(',');
  return { kind, blockType, open, span, content, layout, toSource, identity: {} };
}

/** Where a fence's content starts when its lines follow each other in the text, one \n apart; else undefined. */
function contiguousStart(fence: RawFence, text: string): number | undefined {
  const first = fence.lines[0];
  if (!first) return undefined;
  for (let i = 1; i < fence.lines.length; i++) {
    const previousEnd = fence.lines[i - 1].start + fence.lines[i - 1].text.length;
    if (fence.lines[i].start !== previousEnd + 1 || text.charCodeAt(previousEnd) !== 10) return undefined;
  }
  // A line's text must be the text itself at its start (no container prefix folded in, no tab expanded).
  for (const line of fence.lines) if (!text.startsWith(line.text, line.start)) return undefined;
  return first.start;
}

/**
 * Matches the blocks of a new scan against the previous version's: a block that is unchanged sits where it
 * was (before the edit) or moved by `delta` (after it). Comparing two strings is a memory comparison, far
 * cheaper than hashing every block's text into a cache key.
 */
function reuser(before: readonly YamlRegion[], delta: number): (region: YamlRegion) => YamlRegion | undefined {
  const byStart = new Map(before.map((region) => [region.span.start, region]));
  const same = (old: YamlRegion | undefined, region: YamlRegion): old is YamlRegion =>
    old !== undefined && old.blockType === region.blockType && old.layout === region.layout && old.content === region.content;
  return (region) => {
    const here = byStart.get(region.span.start);
    if (same(here, region)) {
      byStart.delete(here.span.start);
      return here;
    }
    const shifted = delta === 0 ? undefined : byStart.get(region.span.start - delta);
    if (same(shifted, region)) {
      byStart.delete(shifted.span.start);
      return moved(shifted, delta);
    }
    return undefined;
  };
}

/** How a moved region maps offsets: through the region first built, so that moves do not stack closures. */
const MOVES = new WeakMap<(offset: number) => number, { first: (offset: number) => number; shift: number }>();

/** The same region `shift` characters further on, with the same identity. */
function moved(region: YamlRegion, shift: number): YamlRegion {
  const span = (s: Span): Span => ({ start: s.start + shift, end: s.end + shift });
  const earlier = MOVES.get(region.toSource) ?? { first: region.toSource, shift: 0 };
  const total = earlier.shift + shift;
  const first = earlier.first;
  const toSource = (offset: number): number => first(offset) + total;
  MOVES.set(toSource, { first, shift: total });
  return { ...region, open: span(region.open), span: span(region.span), toSource };
}

function collectDirectives(html: string, offset: number, lines: LineIndex, into: Directive[]): void {
  if (!html.includes('cplan-')) return;
  HTML_DIRECTIVE.lastIndex = 0;
  for (let m = HTML_DIRECTIVE.exec(html); m; m = HTML_DIRECTIVE.exec(html)) {
    into.push({
      kind: m[1] as DirectiveKind,
      rules: m[2].trim() ? m[2].trim().split(/[ \t]+/) : [],
      line: lines.positionAt(offset + m.index).line,
    });
  }
}
