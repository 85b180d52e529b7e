import { createRequire } from 'node:module';
import { Parser } from 'commonmark';
import { LineIndex } from '../../server/src/core/text.js';
import { scanLines } from '../../server/src/core/parse/scanner.js';

/** A fenced code block as commonmark.js, the CommonMark reference parser, reads it. */
export interface CommonmarkFence {
  /** The info string, backslash escapes and entities decoded as CommonMark says. */
  info: string;
  /** The content lines, each ending in \n. */
  literal: string;
  start: number;
  /** 0-based lines of the opening fence and of the block's last line. */
  startLine: number;
  endLine: number;
}

export interface SpecExample {
  markdown: string;
  html: string;
  section: string;
  number: number;
}

const FRONT_MATTER_FENCE = /^---[ \t]*$/;

/**
 * The fenced code blocks and front matter of a document by commonmark.js. CommonMark has no front matter: as
 * remark-frontmatter does, a first line `---` up to the next `---` line is front matter, and it is blanked out
 * (offsets kept) before parsing, so the rest parses as it would after it.
 */
export function commonmarkFences(text: string): { frontMatter?: string; fences: CommonmarkFence[] } {
  const lines = new LineIndex(text);
  const result: ReturnType<typeof commonmarkFences> = { fences: [] };
  let parsed = text;
  if (FRONT_MATTER_FENCE.test(lines.lineText(0).replace(/^\uFEFF/, ''))) {
    for (let line = 1; line < lines.lineCount; line++) {
      if (!FRONT_MATTER_FENCE.test(lines.lineText(line))) continue;
      const inside = [];
      for (let l = 1; l < line; l++) inside.push(lines.lineText(l));
      result.frontMatter = inside.join('\n');
      const end = lines.lineEnd(line);
      parsed = text.slice(0, end).replace(/[^\r\n]/g, ' ') + text.slice(end);
      break;
    }
  }
  const walker = new Parser().parse(parsed).walker();
  for (let event = walker.next(); event; event = walker.next()) {
    const node = event.node;
    // commonmark.js leaves the info of indented code null.
    if (!event.entering || node.type !== 'code_block' || node.info === null) continue;
    const [[line, column], [endLine]] = node.sourcepos;
    result.fences.push({ info: node.info, literal: node.literal ?? '', start: lines.lineStarts[line - 1] + column - 1, startLine: line - 1, endLine: endLine - 1 });
  }
  return result;
}

/** An info string as written, decoded the way commonmark.js decodes it (by reading it as the info of a fence). */
export function decodedInfo(raw: string): string {
  const walker = new Parser().parse(`~~~ ${raw}\n~~~\n`).walker();
  for (let event = walker.next(); event; event = walker.next()) if (event.node.type === 'code_block') return event.node.info ?? '';
  return raw;
}

/** Every example of the CommonMark spec (0.31.2), tabs written as tabs (the spec shows them as →). */
export function specExamples(): SpecExample[] {
  const spec = createRequire(import.meta.url)('commonmark-spec') as { tests: SpecExample[] };
  return spec.tests.map((example) => ({ ...example, markdown: example.markdown.replace(/→/g, '\t') }));
}

/** The scanner's fences in commonmark.js's terms. */
export function scannedFences(text: string): { frontMatter?: string; fences: CommonmarkFence[] } {
  const lines = new LineIndex(text);
  const raw = scanLines(text, lines);
  // An unclosed fence ends where the text ends: after a final line break, that is on the line before.
  const lastLine = (end: number) => {
    const at = lines.positionAt(end);
    return end === text.length && at.character === 0 && at.line > 0 ? at.line - 1 : at.line;
  };
  return {
    frontMatter: raw.frontMatter?.lines.map((l) => l.text).join('\n'),
    fences: raw.fences.map((f) => ({
      // The scanner keeps the info string as written (diagnostics point into it); CommonMark decodes it.
      info: decodedInfo(f.info),
      literal: f.lines.map((l) => l.text + '\n').join(''),
      start: f.start,
      startLine: lines.positionAt(f.start).line,
      endLine: Math.max(lines.positionAt(f.start).line, lastLine(f.end)),
    })),
  };
}
