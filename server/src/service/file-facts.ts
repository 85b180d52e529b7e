import type { Linked } from '../core/link.js';
import { entitiesOf, type Aim, type DocumentKind, type Entity, type EntityKind, type PlanDocument, type Priority, type Ref } from '../core/model.js';
import { LineIndex, type Span } from '../core/text.js';

/**
 * What other documents' features need to know of a document, kept for every indexed file while its parsed model
 * is let go (a closed file is parsed again only when something needs all of it): the references it makes by what
 * they resolve to, its workstreams with what they serve, and its entities as symbols. Worked out from the
 * document's `Linked`, so it says exactly what the linked document says. Kept for 10,000 files at once, so spans
 * are packed in typed arrays (start, end pairs) rather than one object each.
 */
export interface FileFacts {
  readonly uri: string;
  readonly path: string;
  /** The document's text (the same string, not a copy): ranges are worked out from it when asked. */
  readonly text: string;
  readonly kind: DocumentKind;
  /** The front matter's `title`. */
  readonly title?: string;
  /** The front matter's `id`, else the file name. */
  readonly name: string;
  /** What each reference resolves to (see `entityKey`), in the order of `Linked.referencesTo`. */
  readonly refTargets: readonly string[];
  /** Each reference's id scalar, quotes included: start and end offsets, two per reference. */
  readonly refSpans: Int32Array;
  readonly workstreams: readonly WorkstreamFact[];
  readonly symbols: SymbolFacts;
}

export interface WorkstreamFact {
  id: string;
  title?: string;
  idSpan: Span;
  milestones: number;
  metrics: number;
  /** The aims and priorities it takes forward (see `Linked.workstreamsServing`), by `entityKey`. */
  serves: readonly string[];
}

/** The document's entities in document order, one index across the lists. */
export interface SymbolFacts {
  readonly kinds: readonly EntityKind[];
  readonly ids: readonly string[];
  readonly titles: readonly (string | undefined)[];
  /** Its workstream or priority for a milestone or metric, else the document's id. */
  readonly containers: readonly (string | undefined)[];
  /** Each id's start and end offsets, two per entity. */
  readonly idSpans: Int32Array;
}

const keys = new WeakMap<Entity, string | undefined>();
/** Each document's first definition per kind and id, built once per document version. */
const firsts = new WeakMap<PlanDocument, Map<string, Entity>>();

function firstDefinition(entity: Entity): Entity | undefined {
  let first = firsts.get(entity.document);
  if (!first) {
    first = new Map();
    for (const e of entitiesOf(entity.document)) if (!first.has(`${e.kind}\0${e.id}`)) first.set(`${e.kind}\0${e.id}`, e);
    firsts.set(entity.document, first);
  }
  return first.get(`${entity.kind}\0${entity.id}`);
}

/**
 * An entity as references find it: kind, id and the document defining it. Only the first definition of an id and
 * kind in a document is ever a reference's target (see `resolveRef`), so a later duplicate has no key. One string
 * per entity: the thousands of plans that name a framework's aim share its key.
 */
export function entityKey(entity: Entity): string | undefined {
  if (keys.has(entity)) return keys.get(entity);
  const key = firstDefinition(entity) === entity ? [entity.kind, entity.id, entity.document.path].join('\0') : undefined;
  keys.set(entity, key);
  return key;
}

/** The facts of one linked document. */
export function factsOf(uri: string, linked: Linked): FileFacts {
  const document = linked.document;
  const refTargets: string[] = [];
  const refSpans: number[] = [];
  const visit = (list: readonly Ref[] | undefined) => {
    for (const ref of list ?? []) {
      const found = linked.resolve(ref);
      const key = found && entityKey(found);
      if (!key) continue;
      refTargets.push(key);
      refSpans.push(ref.span.start, ref.span.end);
    }
  };
  // The order of `Linked.referencesTo`.
  visit(document.frontMatter?.aims);
  for (const workstream of document.workstreams) {
    visit(workstream.aims);
    visit(workstream.priorities);
    for (const milestone of workstream.milestones) visit(milestone.priorities);
  }
  for (const priority of document.priorities) visit(priority.workstreams);
  for (const milestone of document.milestones) visit(milestone.dependsOn);

  const serves = new Map(document.workstreams.map((w) => [w, [] as string[]]));
  const served: (Aim | Priority)[] = [...document.aims, ...document.priorities];
  if (linked.framework && linked.framework !== document) served.push(...linked.framework.aims, ...linked.framework.priorities);
  for (const entity of served) {
    const key = entityKey(entity);
    if (key) for (const workstream of linked.workstreamsServing(entity)) serves.get(workstream)!.push(key);
  }
  const entities = entitiesOf(document);
  return {
    uri,
    path: document.path,
    text: document.text,
    kind: document.kind!,
    title: document.frontMatter?.title?.value,
    name: document.frontMatter?.id?.value ?? document.path.split(/[\\/]/).pop() ?? document.path,
    refTargets,
    refSpans: Int32Array.from(refSpans),
    workstreams: document.workstreams.map((w) => ({ id: w.id, title: w.title, idSpan: { start: w.idSpan.start, end: w.idSpan.end }, milestones: w.milestones.length, metrics: w.metrics.length, serves: serves.get(w)! })),
    symbols: {
      kinds: entities.map((e) => e.kind),
      ids: entities.map((e) => e.id),
      titles: entities.map((e) => e.title),
      containers: entities.map((e) => containerOf(e, document)),
      idSpans: Int32Array.from(entities.flatMap((e) => [e.idSpan.start, e.idSpan.end])),
    },
  };
}

function containerOf(entity: Entity, document: PlanDocument): string | undefined {
  if (entity.kind === 'milestone' || entity.kind === 'metric') return entity.owner.id;
  return document.frontMatter?.id?.value;
}

/** The references of a document that resolve to an entity (by `entityKey`), in document order. */
export function referencesIn(facts: FileFacts, key: string | undefined): Span[] {
  const spans: Span[] = [];
  if (key) facts.refTargets.forEach((target, i) => target === key && spans.push({ start: facts.refSpans[2 * i], end: facts.refSpans[2 * i + 1] }));
  return spans;
}

/** The workstreams of a document that take an aim or priority (by `entityKey`) forward. */
export function workstreamsIn(facts: FileFacts, key: string | undefined): WorkstreamFact[] {
  return key ? facts.workstreams.filter((w) => w.serves.includes(key)) : [];
}

/** Whether the document itself defines an id. */
export function definesId(facts: FileFacts, id: string): boolean {
  return facts.symbols.ids.includes(id);
}

/** Line positions of a document known only by its facts: worked out from its text when asked, not kept. */
export function linesOf(facts: Pick<FileFacts, 'text'>): LineIndex {
  return new LineIndex(facts.text);
}

/** A document known by its facts as locations and edits read it: path, text and line positions. */
export function textOf(facts: FileFacts): { path: string; text: string; lines: LineIndex } {
  return { path: facts.path, text: facts.text, lines: linesOf(facts) };
}
