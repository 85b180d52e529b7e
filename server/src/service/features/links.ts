import type { DocumentLink } from 'vscode-languageserver';
import type { Entity } from '../../core/model.js';
import type { Span } from '../../core/text.js';
import { toRange } from '../convert.js';
import { uriOfPath } from '../uris.js';
import type { LinkedFile } from './linked-file.js';
import { innerSpan } from './navigation.js';

const ID_LIKE = /\b[A-Za-z][A-Za-z0-9._-]*\b/g;

/** `#L<n>` (1-based) is the fragment editors read as a line to reveal. */
export function linkTarget(entity: Entity): string {
  return `${uriOfPath(entity.document.path)}#L${entity.document.lines.positionAt(entity.idSpan.start).line + 1}`;
}

/** The stretches of text outside the front matter and the typed blocks: the prose. */
function proseSpans(file: LinkedFile): Span[] {
  const document = file.document;
  const regions = [document.frontMatter?.part.region.span, ...document.blocks.map((b) => b.region.span)]
    .filter((s): s is Span => !!s)
    .sort((a, b) => a.start - b.start);
  const prose: Span[] = [];
  let at = 0;
  for (const region of regions) {
    if (region.start > at) prose.push({ start: at, end: region.start });
    at = Math.max(at, region.end);
  }
  if (at < document.text.length) prose.push({ start: at, end: document.text.length });
  return prose;
}

export interface LinkOptions {
  /** Whether the client shows a link's tooltip; without it none is sent. */
  tooltips?: boolean;
}

/** Ids mentioned in prose that name a visible entity link to its definition; `framework:` links to the framework. */
export function documentLinks(file: LinkedFile, options: LinkOptions = {}): DocumentLink[] {
  const links = linksOf(file);
  if (options.tooltips ?? true) return links;
  return links.map(({ range, target }) => ({ range, target }));
}

function linksOf(file: LinkedFile): DocumentLink[] {
  const document = file.document;
  if (!document.kind) return [];
  const links: DocumentLink[] = [];
  const framework = document.frontMatter?.framework;
  const resolution = file.linked.frameworkResolution;
  if (framework && resolution?.ok) {
    links.push({ range: toRange(document.lines, innerSpan(document.text, framework.span)), target: uriOfPath(resolution.document.path), tooltip: resolution.document.frontMatter?.title?.value });
  }
  const definitions = file.linked.definitions;
  if (definitions.size === 0) return links;
  for (const prose of proseSpans(file)) {
    const text = document.text.slice(prose.start, prose.end);
    ID_LIKE.lastIndex = 0;
    for (let m = ID_LIKE.exec(text); m; m = ID_LIKE.exec(text)) {
      const entity = definitions.get(m[0])?.[0];
      if (!entity) continue;
      const start = prose.start + m.index;
      links.push({ range: toRange(document.lines, { start, end: start + m[0].length }), target: linkTarget(entity), tooltip: entity.title ?? `${entity.kind} ${entity.id}` });
    }
  }
  return links;
}
