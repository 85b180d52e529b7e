import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import { toString } from 'mdast-util-to-string';
import type { Root, RootContent } from 'mdast';
import { LineIndex, type Span } from '../text.js';
import { closestMatches } from '../suggest.js';

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
  /** Maps an offset in `content` to an offset in the Markdown text. */
  toSource(contentOffset: number): number;
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

export interface MarkdownScan {
  frontMatter?: YamlRegion;
  blocks: YamlRegion[];
  misspelt: MisspeltBlock[];
  directives: Directive[];
  headings: Heading[];
}

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).freeze();
const HTML_DIRECTIVE = /<!--\s*cplan-(disable-next-line|disable-line|disable|enable)((?:[ \t]+[\w.-]+)*)\s*-->/g;
const LINE_BREAK = /\r\n|\r|\n/g;

export function scanMarkdown(text: string, lines: LineIndex): MarkdownScan {
  // remark drops a BOM (shifting every offset) and misses front matter after lone CR line ends;
  // a same-length \n keeps offsets, and the BOM's one character is added back below.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const tree = shiftOffsets(processor.parse(text.slice(bom).replace(/\r(?!\n)/g, '\n')) as Root, bom);
  const scan: MarkdownScan = { blocks: [], misspelt: [], directives: [], headings: [] };
  const visit = (node: Root | RootContent): void => {
    switch (node.type) {
      case 'yaml':
        if (node.position && node.position.start.offset === bom) {
          scan.frontMatter = regionOf('frontmatter', undefined, node.value, node.position.start.offset!, node.position.end.offset!, lines);
        }
        return;
      case 'code': {
        const blockType = blockTypeOf(node.lang, node.meta);
        if (blockType && node.position) {
          scan.blocks.push(regionOf('block', blockType, node.value, node.position.start.offset!, node.position.end.offset!, lines));
        } else if (node.lang === 'yaml' && node.meta && node.position) {
          const misspelt = misspeltType(node.meta, node.position.start.offset!, lines);
          if (misspelt) scan.misspelt.push(misspelt);
        }
        return;
      }
      case 'html':
        if (node.position) collectDirectives(node.value, node.position.start.offset!, lines, scan.directives);
        return;
      case 'heading':
        if (node.position) {
          scan.headings.push({ depth: node.depth, text: toString(node), span: { start: node.position.start.offset!, end: node.position.end.offset! } });
        }
        break;
    }
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(tree);
  return scan;
}

function shiftOffsets(tree: Root, by: number): Root {
  if (by === 0) return tree;
  const visit = (node: Root | RootContent) => {
    if (node.position) {
      node.position.start.offset! += by;
      node.position.end.offset! += by;
    }
    if ('children' in node) node.children.forEach(visit);
  };
  visit(tree);
  return tree;
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

/**
 * The content of a fence starts on the line after its opening line; remark strips list indentation,
 * quote markers and the fence's own indent from each line, so each content line is a suffix of its
 * source line, which gives the column without re-implementing CommonMark's container rules.
 */
function regionOf(kind: YamlRegion['kind'], blockType: BlockType | undefined, content: string, start: number, end: number, lines: LineIndex): YamlRegion {
  const firstLine = lines.positionAt(start).line;
  const contentStarts = [0];
  const sourceStarts: number[] = [];
  LINE_BREAK.lastIndex = 0;
  for (let m = LINE_BREAK.exec(content); m; m = LINE_BREAK.exec(content)) contentStarts.push(m.index + m[0].length);
  for (let k = 0; k < contentStarts.length; k++) {
    const sourceLine = firstLine + 1 + k;
    if (sourceLine >= lines.lineCount) {
      sourceStarts.push(lines.text.length);
      continue;
    }
    const sourceText = lines.lineText(sourceLine);
    const contentEnd = k + 1 < contentStarts.length ? contentStarts[k + 1] : content.length;
    const contentText = content.slice(contentStarts[k], contentEnd).replace(/[\r\n]+$/, '');
    const column = sourceText.endsWith(contentText) ? sourceText.length - contentText.length : 0;
    sourceStarts.push(lines.lineStarts[sourceLine] + column);
  }
  const open = { start, end: lines.lineEnd(firstLine) };
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
  return { kind, blockType, open, span: { start, end }, content, toSource };
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
