import { SymbolKind, type DocumentSymbol, type Range, type SymbolInformation, type WorkspaceSymbol } from 'vscode-languageserver';
import type { Entity, EntityKind, PlanDocument } from '../../core/model.js';
import { entitiesOf } from '../../core/model.js';
import { toRange } from '../convert.js';
import type { LinkedFile, WorkspaceQuery } from './linked-file.js';
import { locationOf } from './navigation.js';

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

/** Indexed documents, then frameworks they use that are not indexed themselves (built-in ones), each once. */
function searchableDocuments(workspace: WorkspaceQuery): PlanDocument[] {
  const documents = new Map<string, PlanDocument>();
  const files = workspace.linkedFiles();
  for (const file of files) documents.set(file.document.path, file.document);
  for (const file of files) {
    const framework = file.linked.framework;
    if (framework && !documents.has(framework.path)) documents.set(framework.path, framework);
  }
  return [...documents.values()];
}

/** 0 for an exact id, then id prefix, id substring, title substring; undefined when nothing matches. */
function rank(entity: Entity, query: string): number | undefined {
  if (!query) return 0;
  const id = entity.id.toLowerCase();
  if (id === query) return 0;
  if (id.startsWith(query)) return 1;
  if (id.includes(query)) return 2;
  if (entity.title?.toLowerCase().includes(query)) return 3;
  return undefined;
}

export function workspaceSymbols(query: string, workspace: WorkspaceQuery): WorkspaceSymbol[] {
  const wanted = query.trim().toLowerCase();
  const matches: { entity: Entity; rank: number }[] = [];
  for (const document of searchableDocuments(workspace)) {
    for (const entity of entitiesOf(document)) {
      const r = rank(entity, wanted);
      if (r !== undefined) matches.push({ entity, rank: r });
    }
  }
  // A stable sort keeps document order within a rank.
  matches.sort((a, b) => a.rank - b.rank);
  return matches.slice(0, MAX_WORKSPACE_SYMBOLS).map(({ entity }) => ({
    name: entity.title ? `${entity.id}: ${entity.title}` : entity.id,
    kind: SYMBOL_KINDS[entity.kind],
    containerName: containerOf(entity),
    location: locationOf(entity.document, entity.idSpan),
  }));
}

function containerOf(entity: Entity): string | undefined {
  if (entity.kind === 'milestone' || entity.kind === 'metric') return entity.owner.id;
  return entity.document.frontMatter?.id?.value;
}
