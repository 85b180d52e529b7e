import { SymbolKind, type DocumentSymbol, type Range, type SymbolInformation, type WorkspaceSymbol } from 'vscode-languageserver';
import type { Entity, EntityKind, PlanDocument } from '../../core/model.js';
import { entitiesOf } from '../../core/model.js';
import { toRange } from '../convert.js';
import type { LinkedFile, WorkspaceQuery } from './linked-file.js';
import { locationOf } from './navigation.js';
import { textOf, type FileFacts } from '../file-facts.js';

export const SYMBOL_KINDS: Record<EntityKind, SymbolKind> = {
  aim: SymbolKind.Constant,
  priority: SymbolKind.Enum,
  workstream: SymbolKind.Module,
  milestone: SymbolKind.Event,
  metric: SymbolKind.Number,
};

const MAX_WORKSPACE_SYMBOLS = 500;

function contains(outer: Range, inner: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

function symbolOf(entity: Entity, children: Entity[] = []): DocumentSymbol {
  const lines = entity.document.lines;
  const selectionRange = toRange(lines, entity.idSpan);
  const span = toRange(lines, entity.span);
  return {
    // Clients reject symbols with an empty name.
    name: entity.id || '(no id)',
    detail: entity.title,
    kind: SYMBOL_KINDS[entity.kind],
    range: contains(span, selectionRange) ? span : selectionRange,
    selectionRange,
    children: children.length ? children.sort((a, b) => a.span.start - b.span.start).map((child) => symbolOf(child)) : undefined,
  };
}

/** Aims, priorities and workstreams in document order; workstreams hold their milestones and metrics, priorities their metrics. */
/** Outlines by document version: a version never changes, and editors ask for the outline again and again. */
const outlines = new WeakMap<PlanDocument, DocumentSymbol[]>();

export function documentSymbols(file: Pick<LinkedFile, 'document'>): DocumentSymbol[] {
  const document = file.document;
  const known = outlines.get(document);
  if (known) return known;
  const outline = outlineOf(document);
  outlines.set(document, outline);
  return outline;
}

/** The outline as a flat list, each symbol naming its parent, for clients that cannot take a nested one. */
export function flatDocumentSymbols(file: Pick<LinkedFile, 'document' | 'uri'>): SymbolInformation[] {
  const flat: SymbolInformation[] = [];
  const add = (symbol: DocumentSymbol, container?: string) => {
    flat.push({ name: symbol.name, kind: symbol.kind, location: { uri: file.uri, range: symbol.range }, ...(container ? { containerName: container } : {}) });
    for (const child of symbol.children ?? []) add(child, symbol.name);
  };
  for (const symbol of documentSymbols(file)) add(symbol);
  return flat;
}

function outlineOf(document: PlanDocument): DocumentSymbol[] {
  const top: Entity[] = [...document.aims, ...document.priorities, ...document.workstreams].sort((a, b) => a.span.start - b.span.start);
  return top.map((entity) => {
    if (entity.kind === 'workstream') return symbolOf(entity, [...entity.milestones, ...entity.metrics]);
    if (entity.kind === 'priority') return symbolOf(entity, [...entity.metrics]);
    return symbolOf(entity);
  });
}

/** 0 for an exact id, then id prefix, id substring, title substring; undefined when nothing matches. */
function rank(id: string, title: string | undefined, query: string): number | undefined {
  if (!query) return 0;
  const lower = id.toLowerCase();
  if (lower === query) return 0;
  if (lower.startsWith(query)) return 1;
  if (lower.includes(query)) return 2;
  if (title?.toLowerCase().includes(query)) return 3;
  return undefined;
}

/** Entities of every indexed document, then of frameworks they use that are not indexed (built-in ones), from their facts. */
export function workspaceSymbols(query: string, workspace: WorkspaceQuery): WorkspaceSymbol[] {
  const wanted = query.trim().toLowerCase();
  const matches: { file: FileFacts; index: number; rank: number }[] = [];
  for (const file of workspace.allFacts()) {
    const { ids, titles } = file.symbols;
    for (let index = 0; index < ids.length; index++) {
      const r = rank(ids[index], titles[index], wanted);
      if (r !== undefined) matches.push({ file, index, rank: r });
    }
  }
  // A stable sort keeps document order within a rank.
  matches.sort((a, b) => a.rank - b.rank);
  const texts = new Map<FileFacts, ReturnType<typeof textOf>>();
  return matches.slice(0, MAX_WORKSPACE_SYMBOLS).map(({ file, index }) => {
    const { kinds, ids, titles, containers, idSpans } = file.symbols;
    const title = titles[index];
    return {
      name: title ? `${ids[index]}: ${title}` : ids[index],
      kind: SYMBOL_KINDS[kinds[index]],
      containerName: containers[index],
      location: locationOf(texts.get(file) ?? texts.set(file, textOf(file)).get(file)!, { start: idSpans[2 * index], end: idSpans[2 * index + 1] }),
    };
  });
}
