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
 * the block it touched. A model whose block has moved (text typed above it) is re-attached to the new version
 * and its spans are moved in place: the previous version is dropped at the same moment, so nothing else sees
 * them. One cache per open document; models of blocks gone from the latest version are let go.
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

/** A block model with, found once, every span in it and every object that points at its document and part. */
interface CachedBlock {
  base: number;
  model: BlockModel;
  /** The YAML parse the model was read from: a hit needs no lookup in the YAML cache. */
  parse: ContentParse;
  spans: Span[];
  owners: { document: PlanDocument; part: YamlPart }[];
}

function cachedBlock(base: number, model: BlockModel, parse: ContentParse): CachedBlock {
  const spans: Span[] = [];
  const owners: CachedBlock['owners'] = [];
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const target = value as Record<string, unknown>;
    if (typeof target.start === 'number' && typeof target.end === 'number' && Object.keys(target).length === 2) {
      spans.push(target as unknown as Span);
      return;
    }
    if ('document' in target || 'part' in target) owners.push(target as unknown as CachedBlock['owners'][number]);
    for (const key of Object.keys(target)) {
      if (key !== 'document' && key !== 'part' && key !== 'result' && key !== 'value') visit(target[key]);
    }
  };
  visit(model);
  return { base, model, parse, spans, owners };
}

/**
 * Points a cached model's entities at a new document and part, and moves every span in it to where the block
 * now starts. The walk that finds them is done once per model: a keystroke re-attaches hundreds of blocks.
 */
function reattach(entry: CachedBlock, base: number, document: PlanDocument, part: YamlPart): void {
  const delta = base - entry.base;
  if (delta !== 0) {
    for (const span of entry.spans) {
      span.start += delta;
      span.end += delta;
    }
    entry.base = base;
  }
  for (const owner of entry.owners) {
    if ('document' in owner) owner.document = document;
    if ('part' in owner) owner.part = part;
  }
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
      model = cached.model;
      reattach(cached, region.span.start, doc, part);
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
