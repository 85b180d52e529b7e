import { LineIndex, type Span } from './text.js';
import { MAX_BLOCKS, scanMarkdown, type BlockType, type YamlRegion } from './parse/markdown.js';
import { parseYamlRegion, placeYaml, locate, escapePointer, unescapePointer, childPointer, type ContentParse, type YamlCache } from './parse/yaml.js';
import { dayFromIso, parsePeriod, parsePlanPeriod, type Cadence, type PeriodContext } from './periods.js';
import { periodContextOf, DIRECTIONS, MILESTONE_STATUSES, PLAN_STATUSES, RAG_VALUES, REPORTING_CADENCES } from './model.js';
import { canonicalWord } from './vocabulary.js';
import { SCHEMAS } from './schema/schemas.js';
import { readMetricValue, splitNumber, type ReadValue } from './values.js';
import type {
  Aim, DateField, Direction, DocumentKind, Field, FrontMatter, Metric, MetricPoint, Milestone, PeriodField, PlanDocument, Priority, RagOverride, RagValue,
  Reporting, Ref, Risk, Update, Workstream, YamlPart,
} from './model.js';

const KINDS = new Map<string, DocumentKind>([['commissioning-plan', 'plan'], ['commissioning-framework', 'framework']]);
export const CADENCES = ['quarterly', 'biannual', 'annual'];
export const BREAKDOWNS: string[] = SCHEMAS.metric.properties.breakdown.items.enum;

type Data = Record<string, unknown>;

export interface ParseOptions {
  /** Reuses the parse of blocks whose text has not changed (the language server passes one). */
  yamlCache?: YamlCache;
  /** Reuses the model of blocks whose text has not changed, wherever they moved to: one per document, whose previous version it consumes. */
  blockCache?: BlockCache;
}

/** What one block adds to its document. */
type BlockModel = Pick<PlanDocument, 'aims' | 'priorities' | 'workstreams' | 'milestones' | 'metrics' | 'periods' | 'dates'>;

/**
 * The block models of one document's latest version, by content and layout, so that a keystroke rebuilds only
 * the block it touched. A model whose block is unchanged is copied into the new version, its entities pointing
 * at the new document and part and its spans moved to where the block now starts: the previous version is left
 * as it was, so whoever still holds it (a linked document held across an await, a cached diagnostic) reads
 * spans that match its own text. One cache per open document; models of blocks gone from the latest version
 * are let go.
 */
export class BlockCache {
  private current = new Map<object, CachedBlock>();
  private next = new Map<object, CachedBlock>();
  private contextKey: string | undefined;
  /** The blocks of the latest version, for the next scan to find again. */
  previous?: { length: number; blocks: readonly YamlRegion[] };

  /** Starts a new version: what it does not take back by its end is dropped. Relative years (`Year 2`) and bare quarters (`Q2`) read the plan's period, so a new period drops everything. */
  begin(context: PeriodContext): void {
    const key = `${context.firstFinancialYear}:${context.planFinancialYear}`;
    if (key !== this.contextKey) this.current = new Map();
    this.contextKey = key;
    this.next = new Map();
  }

  end(length: number, blocks: readonly YamlRegion[]): void {
    this.current = this.next;
    this.previous = { length, blocks };
  }

  take(region: YamlRegion): CachedBlock | undefined {
    const entry = this.current.get(region.identity);
    if (entry) this.current.delete(region.identity);
    return entry;
  }

  keep(region: YamlRegion, entry: CachedBlock): void {
    this.next.set(region.identity, entry);
  }
}

/** A block model with its shape, worked out once: what a copy into a new version must make anew. */
interface CachedBlock {
  base: number;
  model: BlockModel;
  /** The YAML parse the model was read from: a hit needs no lookup in the YAML cache. */
  parse: ContentParse;
  shape: Shape;
  /** The model's objects and arrays, in the shape's order (the model is the first). */
  nodes: readonly object[];
}

const ARRAY = 0;
const SPAN = 1;
const RECORD = 2;
const SHARED = -1;
const DOCUMENT = -2;
const PART = -3;

/** Makes the copy of one record from its source, the copies made so far, its slots and the new owners. */
type RecordCopier = (source: Record<string, unknown>, to: object[], slots: readonly number[], document: PlanDocument, part: YamlPart) => object;

/**
 * The objects of a block model as a table, so that copying it is two flat loops instead of a walk with a map
 * of copies: per node its type and, per key or item, the node it holds (an index), or SHARED (a value kept as
 * it is), DOCUMENT or PART (replaced by the new version's). `owned` marks the nodes that lead to a document or
 * part: the only ones a block that did not move needs anew, as spans are never changed.
 */
interface Shape {
  types: number[];
  copiers: (RecordCopier | undefined)[];
  slots: number[][];
  owned: boolean[];
  /** Nodes that hold a span, or a node that does: the only ones a moved block needs anew besides the owned ones. */
  spanned: boolean[];
  /** Records that hold a record made before them in copy order (`owner`, a parent): patched once all are made. */
  backward: boolean[];
}

// Values that hold no span and are never changed: shared by every version.
const SHARED_KEYS = new Set(['result', 'value']);

const copiers = new Map<string, RecordCopier>();

/**
 * One copier per set of keys (the model's own field names, never author text), built as an object literal so
 * that every copy of a kind of record shares one hidden class: assigning keys one by one made copying the
 * blocks of a 15,000-line plan take longer than parsing it.
 */
function copierFor(keys: readonly string[]): RecordCopier {
  const signature = keys.join('\n');
  let copier = copiers.get(signature);
  // `__proto__:` in an object literal sets the prototype: such a record (none is made today) is copied key by key.
  if (!copier && keys.includes('__proto__')) {
    copier = (source, to, slots, document, part) => {
      const target: Record<string, unknown> = {};
      keys.forEach((key, k) => {
        const slot = slots[k];
        Object.defineProperty(target, key, { value: slot >= 0 ? to[slot] : slot === DOCUMENT ? document : slot === PART ? part : source[key], enumerable: true, writable: true, configurable: true });
      });
      return target;
    };
    copiers.set(signature, copier);
  }
  if (!copier) {
    const fields = keys.map((key, k) => `${JSON.stringify(key)}: pick(slots[${k}], source[${JSON.stringify(key)}])`).join(', ');
    const pick = 'const pick = (slot, value) => (slot >= 0 ? to[slot] : slot === -2 ? document : slot === -3 ? part : value);';
    copier = new Function('source', 'to', 'slots', 'document', 'part', `${pick} return { ${fields} };`) as RecordCopier;
    copiers.set(signature, copier);
  }
  return copier;
}

function cachedBlock(base: number, model: BlockModel, parse: ContentParse): CachedBlock {
  const nodes: object[] = [];
  const index = new Map<object, number>();
  const shape: Shape = { types: [], copiers: [], slots: [], owned: [], spanned: [], backward: [] };
  const add = (value: object): number => {
    const known = index.get(value);
    if (known !== undefined) return known;
    const at = nodes.length;
    index.set(value, at);
    nodes.push(value);
    const slots: number[] = [];
    shape.slots.push(slots);
    shape.owned.push(false);
    if (Array.isArray(value)) {
      shape.types.push(ARRAY);
      shape.copiers.push(undefined);
      for (const item of value) slots.push(item !== null && typeof item === 'object' ? add(item) : SHARED);
    } else {
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      const isSpan = keys.length === 2 && typeof record.start === 'number' && typeof record.end === 'number';
      shape.types.push(isSpan ? SPAN : RECORD);
      shape.copiers.push(isSpan ? undefined : copierFor(keys));
      if (!isSpan) {
        for (const key of keys) {
          const item = record[key];
          slots.push(key === 'document' ? DOCUMENT : key === 'part' ? PART : SHARED_KEYS.has(key) || item === null || typeof item !== 'object' ? SHARED : add(item));
        }
      }
    }
    return at;
  };
  add(model);
  // A node is owned when it holds a document or part, or an owned node, and spanned when it holds a span or a
  // spanned node; repeated until nothing changes (cycles: `owner`).
  shape.spanned = shape.types.map((type) => type === SPAN);
  for (let changed = true; changed;) {
    changed = false;
    for (let i = nodes.length - 1; i >= 0; i--) {
      const slots = shape.slots[i];
      if (!shape.owned[i] && slots.some((slot) => slot === DOCUMENT || slot === PART || (slot >= 0 && shape.owned[slot]))) changed = shape.owned[i] = true;
      if (!shape.spanned[i] && slots.some((slot) => slot >= 0 && shape.spanned[slot])) changed = shape.spanned[i] = true;
    }
  }
  // Records are made from the last node to the first: one that holds an earlier record cannot have it yet.
  shape.backward = shape.slots.map((slots, i) => shape.types[i] === RECORD && slots.some((slot) => slot >= 0 && slot < i && shape.types[slot] === RECORD));
  return { base, model, parse, shape, nodes };
}

/**
 * The model of a cached block copied into a new version: entities point at the new document and part, spans
 * are moved to where the block now starts (a block that did not move keeps them: spans are never changed),
 * and objects shared within the model (a milestone in its workstream and in the block's list, its `owner`)
 * stay shared in the copy. The cached entry, and the version that holds it, are left untouched.
 */
function copyInto(entry: CachedBlock, base: number, document: PlanDocument, part: YamlPart): CachedBlock {
  const delta = base - entry.base;
  const { types, copiers, slots, owned, spanned, backward } = entry.shape;
  const from = entry.nodes;
  const to: object[] = new Array(from.length);
  // A node without spans or owners is the same in every version, moved or not.
  const fresh = (i: number) => owned[i] || (delta !== 0 && spanned[i]);
  // Children come after their parents: spans and arrays first, records last, from the end, so that a record's
  // copier finds its children made. Records that point back at a parent (`owner`) are patched after.
  for (let i = 0; i < from.length; i++) {
    if (!fresh(i)) to[i] = from[i];
    else if (types[i] === SPAN) {
      const span = from[i] as Span;
      to[i] = { start: span.start + delta, end: span.end + delta };
    } else if (types[i] === ARRAY) to[i] = [];
  }
  const late: number[] = [];
  for (let i = from.length - 1; i >= 0; i--) {
    if (types[i] !== RECORD || !fresh(i)) continue;
    if (backward[i]) late.push(i);
    to[i] = copiers[i]!(from[i] as Record<string, unknown>, to, slots[i], document, part);
  }
  for (const i of late) {
    const target = to[i] as Record<string, unknown>;
    const source = from[i] as Record<string, unknown>;
    const keys = Object.keys(source);
    slots[i].forEach((slot, k) => {
      if (slot >= 0) target[keys[k]] = to[slot];
    });
  }
  for (let i = 0; i < from.length; i++) {
    if (types[i] !== ARRAY || !fresh(i)) continue;
    const list = to[i] as unknown[];
    const source = from[i] as unknown[];
    const nodeSlots = slots[i];
    for (let k = 0; k < nodeSlots.length; k++) list.push(nodeSlots[k] >= 0 ? to[nodeSlots[k]] : source[k]);
  }
  return { base, model: to[0] as BlockModel, parse: entry.parse, shape: entry.shape, nodes: to };
}

/** Parses one Markdown file into a plan document. Never throws on bad input. */
export function parsePlanDocument(path: string, text: string, options: ParseOptions = {}): PlanDocument {
  const lines = new LineIndex(text);
  const lineOf = (offset: number) => lines.positionAt(offset).line;
  const scan = scanMarkdown(text, lines, options.blockCache?.previous);
  const doc: PlanDocument = {
    path, text, lines, blocks: [], misspeltBlocks: scan.misspelt, directives: [...scan.directives],
    skippedBlocks: scan.skipped && { ...scan.skipped, limit: MAX_BLOCKS }, headings: scan.headings,
    aims: [], priorities: [], workstreams: [], milestones: [], metrics: [], periods: [], dates: [],
  };
  if (!scan.frontMatter) return doc;
  const fmPart: YamlPart = { region: scan.frontMatter, yaml: parseYamlRegion(scan.frontMatter, lineOf, options.yamlCache) };
  doc.directives.push(...fmPart.yaml.directives);
  const reader = new PartReader(doc, fmPart, {});
  const frontMatter = readFrontMatter(reader);
  doc.frontMatter = frontMatter;
  doc.kind = frontMatter.kind ? KINDS.get(frontMatter.kind.value) : undefined;
  // A YAML error above `kind:` hides it from the parse; the file is still a plan, and must say it is broken.
  if (!doc.kind && fmPart.yaml.problems.some((p) => p.fatal)) doc.kind = kindLineOf(scan.frontMatter.content);
  if (!doc.kind) return doc;

  if (frontMatter.period) {
    const planPeriod = parsePlanPeriod(frontMatter.period.value);
    if (planPeriod.ok) {
      doc.period = planPeriod.period;
      doc.firstFinancialYear = planPeriod.firstFinancialYear;
      if (planPeriod.lastFinancialYear === planPeriod.firstFinancialYear) doc.planFinancialYear = planPeriod.firstFinancialYear;
    }
  }
  const context = periodContextOf(doc);
  const blockCache = options.blockCache;
  blockCache?.begin(context);
  for (const region of scan.blocks) {
    let cached = blockCache?.take(region);
    const part: YamlPart = { region, yaml: cached ? placeYaml(region, cached.parse, lineOf) : parseYamlRegion(region, lineOf, options.yamlCache) };
    doc.blocks.push(part);
    doc.directives.push(...part.yaml.directives);
    let model: BlockModel;
    if (cached) {
      cached = copyInto(cached, region.span.start, doc, part);
      model = cached.model;
    } else {
      model = { aims: [], priorities: [], workstreams: [], milestones: [], metrics: [], periods: [], dates: [] };
      readBlock(new PartReader(doc, part, context, model), region.blockType!);
      if (blockCache) cached = cachedBlock(region.span.start, model, part.yaml.parse);
    }
    if (blockCache) blockCache.keep(region, cached!);
    doc.aims.push(...model.aims);
    doc.priorities.push(...model.priorities);
    doc.workstreams.push(...model.workstreams);
    doc.milestones.push(...model.milestones);
    doc.metrics.push(...model.metrics);
    doc.periods.push(...model.periods);
    doc.dates.push(...model.dates);
  }
  blockCache?.end(text.length, scan.blocks);
  return doc;
}

function readBlock(reader: PartReader, type: BlockType): void {
  switch (type) {
    case 'aims':
      reader.eachItem('', (pointer) => readAim(reader, pointer));
      break;
    case 'priorities':
      reader.eachItem('', (pointer) => readPriority(reader, pointer));
      break;
    case 'workstream':
      readWorkstream(reader, '');
      break;
  }
}

/** What an index needs to know of a file before it is parsed in full: its kind and what its front matter names. */
export interface DocumentHead {
  kind?: DocumentKind;
  /** A plan's `framework:` value. */
  framework?: string;
  id?: string;
  title?: string;
}

export function headOf(document: PlanDocument): DocumentHead {
  const frontMatter = document.frontMatter;
  return { kind: document.kind, framework: frontMatter?.framework?.value, id: frontMatter?.id?.value, title: frontMatter?.title?.value };
}

/** The head of a document, from its front matter alone: what `headOf` gives for the whole document, at a fraction of its parse. */
export function documentHead(path: string, text: string): DocumentHead {
  const end = frontMatterEnd(text);
  if (end === 0) return { kind: undefined, framework: undefined, id: undefined, title: undefined };
  return headOf(parsePlanDocument(path, end === undefined ? text : text.slice(0, end)));
}

/**
 * Where the front matter's closing line ends: 0 when there is none, undefined when only a parse of the whole text
 * can tell (a line break the scanner reads that these patterns do not: a lone carriage return).
 */
function frontMatterEnd(text: string): number | undefined {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const open = /---[ \t]*\r?\n/y;
  open.lastIndex = bom;
  if (!open.test(text)) return /^---[ \t]*(\r|$)/.test(text.slice(bom, bom + 80)) ? undefined : 0;
  const close = /\n---[ \t]*(?=\r?\n|$)/g;
  close.lastIndex = open.lastIndex - 1;
  const found = close.exec(text);
  if (!found) return undefined;
  const end = found.index + found[0].length;
  return /\r(?!\n)/.test(text.slice(0, end)) ? undefined : end;
}

const KIND_LINE = /^kind:[ \t]*["']?(commissioning-plan|commissioning-framework)["']?[ \t]*(?:#.*)?$/m;

/** The kind a file declares, from a cheap look at its front matter: for files too large to parse. */
export function sniffKind(head: string): DocumentKind | undefined {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  if (!/^---[ \t]*\r?\n/.test(text)) return undefined;
  const end = text.search(/\n---[ \t]*(\r?\n|$)/);
  return kindLineOf(end < 0 ? text.slice(0, 4096) : text.slice(0, end));
}

/** The kind a top-level `kind:` line of front matter text declares, whether or not the YAML around it parses. */
function kindLineOf(frontMatter: string): DocumentKind | undefined {
  const match = KIND_LINE.exec(frontMatter);
  return match ? KINDS.get(match[1]) : undefined;
}

/** A file over the size limit: not parsed, so that one huge file cannot stall a run; only `file-too-large` speaks of it. */
export function oversizeDocument(path: string, head: string, bytes: number, limit: number): PlanDocument {
  const doc = parsePlanDocument(path, '');
  doc.kind = sniffKind(head);
  doc.oversize = { bytes, limit };
  return doc;
}

/** Reads typed values out of one part's data, with their locations; wrong types read as absent. */
class PartReader {
  /** `into` receives what is read: the document itself for the front matter, a block model for a block. */
  constructor(readonly doc: PlanDocument, readonly part: YamlPart, readonly context: PeriodContext, readonly into: BlockModel = doc) {}

  /** Values by pointer: each is found from its parent's, so reading a field costs one property lookup. */
  private readonly values = new Map<string, unknown>();

  get(pointer: string): unknown {
    if (pointer === '') return this.part.yaml.data;
    if (this.values.has(pointer)) return this.values.get(pointer);
    const slash = pointer.lastIndexOf('/');
    const parent = this.get(pointer.slice(0, slash));
    const key = unescapePointer(pointer.slice(slash + 1));
    let value: unknown;
    if (Array.isArray(parent)) value = parent[Number(key)];
    else if (parent && typeof parent === 'object' && Object.prototype.hasOwnProperty.call(parent, key)) value = (parent as Data)[key];
    this.values.set(pointer, value);
    return value;
  }

  span(pointer: string): Span {
    return locate(this.part.yaml.locations, pointer).value;
  }

  keySpan(pointer: string): Span | undefined {
    return this.part.yaml.locations.get(pointer)?.key;
  }

  string(pointer: string): Field<string> | undefined {
    const value = this.get(pointer);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      return { value: String(value), span: this.span(pointer), key: this.keySpan(pointer) };
    }
    return undefined;
  }

  /** An enumerated value, read as its canonical form (`At risk` is `at-risk`); `only` drops any other value. */
  word(pointer: string, allowed: readonly string[], only = false): Field<string> | undefined {
    const field = this.string(pointer);
    if (!field) return undefined;
    const canonical = canonicalWord(field.value, allowed);
    if (canonical) return { ...field, value: canonical };
    return only ? undefined : field;
  }

  text(pointer: string): string | undefined {
    const value = this.get(pointer);
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  }

  /** A metric's `value` as its author meant it (`1,500` is 1500, `80%` is 80), with how it was written. */
  metricValue(pointer: string): { value?: unknown; written?: Omit<ReadValue, 'value'>; valueSpan?: Span } {
    const raw = this.get(pointer);
    if (raw === undefined) return {};
    // `{value: 1,500, ...}` is reported by the schema; the value still counts as the number meant, not as 1.
    const split = splitNumber(this.part.yaml.data, this.part.yaml.locations, pointer.slice(0, pointer.lastIndexOf('/')));
    const { value, ...written } = split ? { value: Number(split.number) } : readMetricValue(raw);
    return { value, written: Object.keys(written).length ? written : undefined, valueSpan: this.span(pointer) };
  }

  isObject(pointer: string): boolean {
    const value = this.get(pointer);
    return !!value && typeof value === 'object' && !Array.isArray(value);
  }

  eachItem(pointer: string, visit: (itemPointer: string) => void): void {
    const list = this.get(pointer);
    if (Array.isArray(list)) list.forEach((_, index) => visit(childPointer(pointer, index)));
  }

  refs(pointer: string, expects: Ref['expects']): Ref[] | undefined {
    const list = this.get(pointer);
    if (list === undefined) return undefined;
    // `aims: SA1` is reported by the schema once; it still links `SA1`, so that no rule reports it again as unlinked.
    if (typeof list === 'string' && /^[A-Za-z0-9][\w.-]*$/.test(list)) return [{ id: list, span: this.span(pointer), expects }];
    if (!Array.isArray(list)) return [];
    const refs: Ref[] = [];
    list.forEach((item, index) => {
      if (typeof item === 'string' || typeof item === 'number') refs.push({ id: String(item), span: this.span(`${pointer}/${index}`), expects });
    });
    return refs;
  }

  /** `unscheduled`: the field may say `TBC` (a milestone's `due`). */
  period(pointer: string, unscheduled = false): PeriodField | undefined {
    const field = this.string(pointer);
    if (!field) return undefined;
    const context = unscheduled ? { ...this.context, allowUnscheduled: true } : this.context;
    const period: PeriodField = { text: field.value, span: field.span, result: parsePeriod(field.value, context) };
    this.into.periods.push(period);
    return period;
  }

  date(pointer: string): DateField | undefined {
    const field = this.string(pointer);
    if (!field) return undefined;
    const date: DateField = { text: field.value, span: field.span, day: dayFromIso(field.value) };
    this.into.dates.push(date);
    return date;
  }

  /** The common part of every entity; undefined when the item is not a mapping with an id. */
  entity(pointer: string) {
    if (!this.isObject(pointer)) return undefined;
    const id = this.string(`${pointer}/id`);
    if (!id) return undefined;
    return { id: id.value, idSpan: id.span, title: this.text(`${pointer}/title`), span: this.span(pointer), part: this.part, pointer, document: this.doc };
  }
}

type EntityFields = NonNullable<ReturnType<PartReader['entity']>>;

/**
 * An entity of one kind: the common fields, then the kind's own. Written out and assigned rather than spread
 * (`{ ...base, kind }`): the spread gave every milestone its own hidden class in V8, 12 MB of shape
 * descriptors over 1,000 plans; this way all entities of a kind share one.
 */
function entityObject<T extends object>(base: EntityFields, own: T): EntityFields & T {
  return Object.assign({ id: base.id, idSpan: base.idSpan, title: base.title, span: base.span, part: base.part, pointer: base.pointer, document: base.document }, own);
}

function readFrontMatter(reader: PartReader): FrontMatter {
  const data = reader.isObject('') ? (reader.get('') as Data) : undefined;
  return {
    part: reader.part,
    data,
    kind: reader.string('/kind'),
    id: reader.string('/id'),
    title: reader.string('/title'),
    organisation: reader.string('/organisation'),
    period: reader.string('/period'),
    framework: reader.string('/framework'),
    aims: reader.refs('/aims', 'aim'),
    asOf: reader.date('/as_of'),
    status: reader.word('/status', PLAN_STATUSES),
  };
}

function readAim(reader: PartReader, pointer: string): void {
  const base = reader.entity(pointer);
  if (!base) return;
  const aim: Aim = entityObject(base, { kind: 'aim', description: reader.text(`${pointer}/description`), focus: reader.text(`${pointer}/focus`) });
  reader.into.aims.push(aim);
}

function readPriority(reader: PartReader, pointer: string): void {
  const base = reader.entity(pointer);
  if (!base) return;
  const cadence = reader.text(`${pointer}/cadence`);
  const priority: Priority = entityObject(base, {
    kind: 'priority',
    intent: reader.text(`${pointer}/intent`),
    due: reader.period(`${pointer}/due`),
    deadlines: [],
    cadence: canonicalWord(cadence, CADENCES) as Cadence | undefined,
    workstreams: reader.refs(`${pointer}/workstreams`, 'workstream') ?? [],
    metrics: [],
  });
  reader.eachItem(`${pointer}/deadlines`, (p) => {
    const due = reader.isObject(p) ? reader.period(`${p}/due`) : undefined;
    if (due) priority.deadlines.push({ title: reader.text(`${p}/title`), due });
  });
  reader.eachItem(`${pointer}/metrics`, (p) => readMetric(reader, p, priority));
  reader.into.priorities.push(priority);
}

function readWorkstream(reader: PartReader, pointer: string): void {
  const base = reader.entity(pointer);
  if (!base) return;
  const workstream: Workstream = entityObject(base, {
    kind: 'workstream',
    aims: reader.refs(`${pointer}/aims`, 'aim'),
    priorities: reader.refs(`${pointer}/priorities`, 'priority') ?? [],
    lead: reader.text(`${pointer}/lead`),
    status: reader.word(`${pointer}/status`, MILESTONE_STATUSES)?.value,
    milestones: [],
    metrics: [],
    updates: readUpdates(reader, `${pointer}/updates`),
    updatesKey: reader.keySpan(`${pointer}/updates`),
    rag: readRag(reader, `${pointer}/rag`),
  });
  reader.into.workstreams.push(workstream);
  reader.eachItem(`${pointer}/milestones`, (p) => {
    const mbase = reader.entity(p);
    if (!mbase) return;
    const milestone: Milestone = entityObject(mbase, {
      kind: 'milestone',
      owner: workstream,
      due: reader.period(`${p}/due`, true),
      status: reader.word(`${p}/status`, MILESTONE_STATUSES),
      doneOn: reader.date(`${p}/done_on`),
      cadence: reader.word(`${p}/cadence`, CADENCES, true) as Field<Cadence> | undefined,
      priorities: reader.refs(`${p}/priorities`, 'priority') ?? [],
      ownedBy: reader.string(`${p}/owner`),
      updates: readUpdates(reader, `${p}/updates`),
      updatesKey: reader.keySpan(`${p}/updates`),
      risks: readRisks(reader, `${p}/risks`),
      dependsOn: reader.refs(`${p}/depends_on`, 'milestone') ?? [],
      rag: readRag(reader, `${p}/rag`),
    });
    workstream.milestones.push(milestone);
    reader.into.milestones.push(milestone);
  });
  reader.eachItem(`${pointer}/metrics`, (p) => readMetric(reader, p, workstream));
}

function readMetric(reader: PartReader, pointer: string, owner: Workstream | Priority): void {
  const base = reader.entity(pointer);
  if (!base) return;
  const breakdown = reader.get(`${pointer}/breakdown`);
  const metric: Metric = entityObject(base, {
    kind: 'metric',
    owner,
    unit: reader.text(`${pointer}/unit`),
    baseline: reader.isObject(`${pointer}/baseline`)
      ? { ...reader.metricValue(`${pointer}/baseline/value`), period: reader.period(`${pointer}/baseline/period`), span: reader.span(`${pointer}/baseline`) }
      : undefined,
    target: reader.isObject(`${pointer}/target`)
      ? { ...reader.metricValue(`${pointer}/target/value`), due: reader.period(`${pointer}/target/due`), span: reader.span(`${pointer}/target`) }
      : undefined,
    source: reader.text(`${pointer}/source`),
    breakdown: Array.isArray(breakdown) ? breakdown.filter((b): b is string => typeof b === 'string').map((b) => canonicalWord(b, BREAKDOWNS) ?? b) : [],
    direction: reader.word(`${pointer}/direction`, DIRECTIONS, true) as Field<Direction> | undefined,
    actuals: readPoints(reader, `${pointer}/actuals`),
    actualsKey: reader.keySpan(`${pointer}/actuals`),
    trajectory: readPoints(reader, `${pointer}/trajectory`),
    tolerance: readTolerance(reader, `${pointer}/tolerance`),
    reporting: reader.word(`${pointer}/reporting`, REPORTING_CADENCES, true) as Field<Reporting> | undefined,
    rag: readRag(reader, `${pointer}/rag`),
  });
  owner.metrics.push(metric);
  reader.into.metrics.push(metric);
}

/** `actuals` or `trajectory`: `[{period, value, note?}]`; values read as a baseline's are (`1,500`, `80%`). */
function readPoints(reader: PartReader, pointer: string): MetricPoint[] {
  const points: MetricPoint[] = [];
  reader.eachItem(pointer, (p) => {
    if (!reader.isObject(p)) return;
    points.push({ ...reader.metricValue(`${p}/value`), period: reader.period(`${p}/period`), note: reader.text(`${p}/note`), span: reader.span(p) });
  });
  return points;
}

/** A tolerance is a distance in the metric's unit: `1.5`, `"1,500"` or `2%` (for a metric in per cent). */
function readTolerance(reader: PartReader, pointer: string): Field<number> | undefined {
  const raw = reader.get(pointer);
  if (raw === undefined) return undefined;
  const value = readMetricValue(raw).value;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? { value, span: reader.span(pointer), key: reader.keySpan(pointer) } : undefined;
}

function readUpdates(reader: PartReader, pointer: string): Update[] {
  const updates: Update[] = [];
  reader.eachItem(pointer, (p) => {
    const on = reader.isObject(p) ? reader.date(`${p}/on`) : undefined;
    if (on) updates.push({ on, text: reader.text(`${p}/text`), span: reader.span(p) });
  });
  return updates;
}

function readRisks(reader: PartReader, pointer: string): Risk[] {
  const risks: Risk[] = [];
  reader.eachItem(pointer, (p) => {
    if (reader.isObject(p)) risks.push({ text: reader.text(`${p}/text`), rating: reader.text(`${p}/rating`), span: reader.span(p) });
    else {
      const text = reader.text(p);
      if (text !== undefined) risks.push({ text, span: reader.span(p) });
    }
  });
  return risks;
}

function readRag(reader: PartReader, pointer: string): RagOverride | undefined {
  if (!reader.isObject(pointer)) return undefined;
  const value = reader.word(`${pointer}/value`, RAG_VALUES, true);
  return {
    value: value?.value as RagValue | undefined,
    valueSpan: value?.span ?? reader.span(`${pointer}/value`),
    reason: reader.text(`${pointer}/reason`),
    span: reader.span(pointer),
  };
}

export { escapePointer };
