import type { ReadValue } from './values.js';
import type { Span, LineIndex } from './text.js';
import type { Directive, Heading, MisspeltBlock, YamlRegion } from './parse/markdown.js';
import type { ParsedYaml } from './parse/yaml.js';
import type { Cadence, Day, Period, PeriodContext, PeriodResult } from './periods.js';

export type DocumentKind = 'plan' | 'framework';
export type EntityKind = 'aim' | 'priority' | 'workstream' | 'milestone' | 'metric';

export const MILESTONE_STATUSES = ['not-started', 'on-track', 'at-risk', 'off-track', 'done', 'dropped'] as const;
export const PLAN_STATUSES = ['draft', 'consultation', 'approved', 'superseded'] as const;
export const RAG_VALUES = ['red', 'amber', 'green', 'blue'] as const;
export type RagValue = (typeof RAG_VALUES)[number];
export const DIRECTIONS = ['higher', 'lower'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const REPORTING_CADENCES = ['monthly', 'quarterly'] as const;
export type Reporting = (typeof REPORTING_CADENCES)[number];

/** A front matter or block region with its parsed YAML. */
export interface YamlPart {
  region: YamlRegion;
  yaml: ParsedYaml;
}

/** A part with a fatal YAML error: what was read from it is partial, so no rule reasons from it. */
export function isUnreadable(part: YamlPart): boolean {
  return part.yaml.problems.some((problem) => problem.fatal);
}

export interface Field<T> {
  value: T;
  span: Span;
  key?: Span;
}

export interface PeriodField {
  text: string;
  span: Span;
  result: PeriodResult;
}

export interface DateField {
  text: string;
  span: Span;
  day: Day | undefined;
}

export interface Ref {
  id: string;
  span: Span;
  /** What the reference must name. */
  expects: 'aim' | 'priority' | 'workstream' | 'milestone';
}

/** A dated progress note (`updates: [{on, text}]`). */
export interface Update {
  on: DateField;
  text?: string;
  span: Span;
}

/** A risk to delivery, as a line of text or `{text, rating}`. */
export interface Risk {
  text?: string;
  rating?: string;
  span: Span;
}

/** A typed `rag: {value, reason}`: an override of the computed RAG, never the RAG itself. */
export interface RagOverride {
  /** undefined when `value` is not one of red, amber, green, blue (the schema reports it). */
  value?: RagValue;
  valueSpan: Span;
  reason?: string;
  span: Span;
}

interface EntityBase {
  id: string;
  idSpan: Span;
  title?: string;
  /** The mapping that defines the entity. */
  span: Span;
  part: YamlPart;
  /** JSON pointer of the entity inside its part. */
  pointer: string;
  document: PlanDocument;
}

export interface Aim extends EntityBase {
  kind: 'aim';
  description?: string;
  focus?: string;
}

export interface Priority extends EntityBase {
  kind: 'priority';
  intent?: string;
  due?: PeriodField;
  /** Dated commitments beyond `due`, each checked as `due` is (`deadlines: [{title, due}]`). */
  deadlines: Deadline[];
  cadence?: Cadence;
  workstreams: Ref[];
  metrics: Metric[];
}

export interface Deadline {
  title?: string;
  due: PeriodField;
}

/** Every dated commitment of a priority: its `due`, then each of its `deadlines`. */
export function priorityDeadlines(priority: Priority): Deadline[] {
  return priority.due ? [{ due: priority.due }, ...priority.deadlines] : priority.deadlines;
}

export interface Workstream extends EntityBase {
  kind: 'workstream';
  /** undefined when the key is missing, [] when the list is empty. */
  aims?: Ref[];
  priorities: Ref[];
  lead?: string;
  status?: string;
  milestones: Milestone[];
  metrics: Metric[];
  updates: Update[];
  /** The `updates` key, when written (even as an empty list). */
  updatesKey?: Span;
  rag?: RagOverride;
}

export interface Milestone extends EntityBase {
  kind: 'milestone';
  owner: Workstream;
  due?: PeriodField;
  status?: Field<string>;
  doneOn?: DateField;
  cadence?: Field<Cadence>;
  /** The workstream's priorities this milestone delivers; [] when it names none. */
  priorities: Ref[];
  /** Who delivers it (the YAML key `owner`; `owner` in the model is the workstream). */
  ownedBy?: Field<string>;
  updates: Update[];
  updatesKey?: Span;
  risks: Risk[];
  /** Milestones that must be delivered first. */
  dependsOn: Ref[];
  rag?: RagOverride;
}

/** A baseline or target: `value` is what the author meant (`1,500` is 1500, `80%` is 80); `written` says how it was put. */
export interface MetricValue {
  value?: unknown;
  written?: Omit<ReadValue, 'value'>;
  valueSpan?: Span;
  span: Span;
}

export interface Metric extends EntityBase {
  kind: 'metric';
  owner: Workstream | Priority;
  unit?: string;
  baseline?: MetricValue & { period?: PeriodField };
  target?: MetricValue & { due?: PeriodField };
  source?: string;
  breakdown: string[];
  direction?: Field<Direction>;
  /** Measured values, in the order written. */
  actuals: MetricPoint[];
  /** The `actuals` key, when written (even as an empty list). */
  actualsKey?: Span;
  /** The agreed interim path; [] when the default straight line applies. */
  trajectory: MetricPoint[];
  /** How far behind the trajectory still counts as on track, in the metric's unit. */
  tolerance?: Field<number>;
  reporting?: Field<Reporting>;
  rag?: RagOverride;
}

/** One actual or trajectory point: a value for a period, with an optional note. */
export interface MetricPoint extends MetricValue {
  period?: PeriodField;
  note?: string;
}

export type Entity = Aim | Priority | Workstream | Milestone | Metric;

export interface FrontMatter {
  part: YamlPart;
  /** Raw data, for schema validation. */
  data: Record<string, unknown> | undefined;
  kind?: Field<string>;
  id?: Field<string>;
  title?: Field<string>;
  organisation?: Field<string>;
  period?: Field<string>;
  framework?: Field<string>;
  aims?: Ref[];
  asOf?: DateField;
  status?: Field<string>;
}

/** One Markdown file, parsed on its own: no other file is read to build it. */
export interface PlanDocument {
  /** A path or URI that identifies the file. */
  path: string;
  text: string;
  lines: LineIndex;
  /** undefined: the file is not a plan or framework. */
  kind?: DocumentKind;
  /** Set when the file was over the size limit and was not parsed. */
  oversize?: { bytes: number; limit: number };
  /** Set when the file had more blocks than the limit: those past it were not read. */
  skippedBlocks?: { first: Span; total: number; limit: number };
  frontMatter?: FrontMatter;
  /** The plan's own period, when it parses. */
  period?: Period;
  firstFinancialYear?: number;
  /** Set when the plan's period is exactly one financial year, which a bare `Q2` then belongs to. */
  planFinancialYear?: number;
  blocks: YamlPart[];
  /** ```yaml fences whose type looks like a misspelt block type; their content is not read. */
  misspeltBlocks: MisspeltBlock[];
  directives: Directive[];
  headings: Heading[];
  aims: Aim[];
  priorities: Priority[];
  workstreams: Workstream[];
  milestones: Milestone[];
  metrics: Metric[];
  /** Every period and date field, for the invalid-period rule and editor features. */
  periods: PeriodField[];
  dates: DateField[];
}

/** Entities are rebuilt with each parse, so identity is by where they are defined. */
export function sameEntity(a: Entity, b: Entity): boolean {
  return a.kind === b.kind && a.id === b.id && a.document.path === b.document.path && a.idSpan.start === b.idSpan.start;
}

export function entitiesOf(doc: PlanDocument): Entity[] {
  return [...doc.aims, ...doc.priorities, ...doc.workstreams, ...doc.milestones, ...doc.metrics];
}

/** What the periods of a document are read against: its plan's period. */
export function periodContextOf(doc: PlanDocument): PeriodContext {
  return { firstFinancialYear: doc.firstFinancialYear, planFinancialYear: doc.planFinancialYear };
}

/** A milestone whose `due` is `TBC` or the like: no date yet, so never overdue. */
export function isUnscheduled(milestone: Milestone): boolean {
  const result = milestone.due?.result;
  return !!result && !result.ok && !!result.unscheduled;
}
