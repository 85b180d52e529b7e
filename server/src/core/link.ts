/**
 * A document linked to what it depends on: its framework, its settings and its review date, with the facts
 * derived from them. The CLI, the library and the server all link through `linkDocument`, and rules, reports
 * and editor features read the facts from the `Linked` rather than working them out again. Pure: whatever
 * comes from outside (framework files, config, the clock) is asked of the host.
 */
import { isPlaceholder } from './values.js';
import type { Aim, Entity, Metric, PlanDocument, Priority, Ref, Reporting, Workstream } from './model.js';
import { entitiesOf, isUnreadable, sameEntity } from './model.js';
import type { BlockType } from './parse/markdown.js';
import type { Day } from './periods.js';

export type Severity = 'error' | 'warning' | 'info';
export type RuleSetting = Severity | 'off';

/** How the plan's `framework:` was resolved by the caller (the CLI reads files, the server its index). */
export type FrameworkResolution =
  | { ok: true; document: PlanDocument }
  | { ok: false; message: string; suggestion?: string };

/**
 * What the linked document cannot know because a part is not valid YAML. Such a part's partial data feeds no
 * rule: like a framework that cannot be read, it may define any id, serve any aim or set any front-matter fact.
 */
export interface Unknowns {
  /** The front matter is not valid YAML: its period, framework and adopted aims are unknown. */
  frontMatter: boolean;
  /** The review date came from nowhere the user set, because the front matter that may hold `as_of` is not valid YAML. */
  reviewDate: boolean;
  /** Kinds of entity that a part which is not valid YAML may define (here or in the framework). */
  kinds: ReadonlySet<Ref['expects']>;
}

export interface LintSettings {
  /** The review date that overrides the file's `as_of` (CLI `--as-of`, editor setting). */
  asOf?: Day;
  /** The review date when neither an override nor the file's `as_of` is given (`.cplanrc.yaml`); today otherwise. */
  defaultAsOf?: Day;
  /** Severity overrides by rule id. */
  rules?: Readonly<Record<string, RuleSetting>>;
  /** False: the file's suppression comments are ignored (`--no-inline-config`). */
  inlineConfig?: boolean;
  /** How progress is judged (`progress` of `.cplanrc.yaml`); each default is in `core/progress.ts`. */
  progress?: ProgressSettings;
}

export interface ProgressSettings {
  /** A metric's default tolerance, as a percentage of its baseline-to-target distance. */
  tolerancePercent?: number;
  reporting?: Reporting;
  /** How old, in days before the review date, the latest update may be. */
  updateDays?: number;
  /** How many of the latest actuals the trend of `target-at-risk` goes through. */
  trendActuals?: number;
}

/** What a caller knows that a document cannot: the CLI reads files, the server its index, the library asks its user. */
export interface LinkHost {
  /** How a plan's `framework:` value resolves; asked at most once per link. */
  resolveFramework(reference: string, planPath: string): FrameworkResolution;
  /** The settings that govern a file: its `.cplanrc.yaml` with the caller's overrides merged over it. */
  settings(path: string): LintSettings;
  /** Today: the one clock, read only when no review date is set anywhere. */
  today(): Day;
}

/** What the rules see: nothing read from a part that is not valid YAML, and what such parts leave unknown. */
export interface LintView {
  /** The framework, unless the front matter that names it is not valid YAML. */
  framework?: PlanDocument;
  /** Every definition visible from the document (its framework's first), by id; none from a part that is not valid YAML. */
  definitions: Map<string, Entity[]>;
  unknown: Unknowns;
}

export interface Linked {
  readonly document: PlanDocument;
  /** How the plan's `framework:` resolved; undefined when it names none (frameworks never do). */
  readonly frameworkResolution?: FrameworkResolution;
  /** The framework's document, when it resolved. */
  readonly framework?: PlanDocument;
  readonly settings: LintSettings;
  /** Override, then the file's `as_of`, then the config's, then today. */
  readonly reviewDate: Day;
  /** Every definition visible from the document by id, framework first so that its definitions count as the originals. */
  readonly definitions: Map<string, Entity[]>;
  /** The aims the plan adopts: the framework's (all, or those its front matter lists, in that order), then its own; one per id. */
  readonly adoptedAims: readonly Aim[];
  /** What the rules see; worked out once while it is held, again if read after it was let go. */
  readonly lintView: LintView;
  /** The entity a reference names, among every definition visible. */
  resolve(ref: Ref): Entity | undefined;
  /** The entry of a workstream's `aims` that names an aim: which workstream serves which aim is this one fact. */
  aimRef(workstream: Workstream, aimId: string): Ref | undefined;
  /** The document's workstreams whose `aims` name an aim, in document order. */
  servedBy(aimId: string): readonly Workstream[];
  /** The parts a metric lacks (see `missingMetricParts`). */
  metricGaps(metric: Metric): readonly string[];
  /**
   * The document's workstreams that take an aim or priority (of this document or its framework) forward: naming
   * it under `aims` or `priorities` where the name resolves to it, or, for a priority of this document, listed
   * under its `workstreams`; in document order.
   */
  workstreamsServing(entity: Aim | Priority): readonly Workstream[];
  /** The document's references (front matter `aims`, workstreams' `aims` and `priorities`, milestones' `priorities` and `depends_on`, priorities' `workstreams`) that resolve to an entity. */
  referencesTo(entity: Entity): readonly Ref[];
  /** The definitions of one id visible from the document, the framework's first: `definitions.get(id)`, without building the map. */
  definitionsOf(id: string): readonly Entity[] | undefined;
}

/** Every reference a document makes, wherever it sits. */
export function refsOf(document: PlanDocument): Ref[] {
  const refs: Ref[] = [...(document.frontMatter?.aims ?? [])];
  for (const workstream of document.workstreams) refs.push(...(workstream.aims ?? []), ...workstream.priorities, ...workstream.milestones.flatMap((m) => m.priorities));
  for (const priority of document.priorities) refs.push(...priority.workstreams);
  for (const milestone of document.milestones) refs.push(...milestone.dependsOn);
  return refs;
}

/** Links one document: resolves its framework and settings once; every other fact is worked out when first asked. */
export function linkDocument(document: PlanDocument, host: LinkHost): Linked {
  return new LinkedDocument(document, host);
}

/** Definitions visible from a document by id, framework first so that its definitions count as the originals. */
export function definitionsOf(document: PlanDocument, framework?: PlanDocument, keep: (entity: Entity) => boolean = () => true): Map<string, Entity[]> {
  const definitions = new Map<string, Entity[]>();
  const add = (entity: Entity) => {
    if (!keep(entity)) return;
    const list = definitions.get(entity.id);
    if (list) list.push(entity);
    else definitions.set(entity.id, [entity]);
  };
  if (framework && framework !== document) {
    framework.aims.forEach(add);
    framework.priorities.forEach(add);
  }
  entitiesOf(document).forEach(add);
  return definitions;
}

/** A document's own definitions by id: shared by every link of that version, as plans link again and again to one framework. */
const ownDefinitions = new WeakMap<PlanDocument, Map<string, Entity[]>>();
function ownDefinitionsOf(document: PlanDocument): Map<string, Entity[]> {
  let found = ownDefinitions.get(document);
  if (!found) ownDefinitions.set(document, (found = definitionsOf(document)));
  return found;
}

/** The first definition of the kind a reference expects. */
export function resolveRef(definitions: ReadonlyMap<string, readonly Entity[]>, ref: Ref): Entity | undefined {
  return definitions.get(ref.id)?.find((e) => e.kind === ref.expects);
}

// A placeholder such as `TBC` holds the place of a value that is still missing.
const absent = (value: unknown) => value === undefined || value === null || value === '' || isPlaceholder(value);

/** What a metric lacks to judge progress by: `unit`, `baseline` (or `baseline.value`, `baseline.period`), `target` (...), `source`. */
export function missingMetricParts(metric: Metric): string[] {
  const missing: string[] = [];
  if (absent(metric.unit)) missing.push('unit');
  if (!metric.baseline) missing.push('baseline');
  else {
    if (absent(metric.baseline.value)) missing.push('baseline.value');
    if (!metric.baseline.period) missing.push('baseline.period');
  }
  if (!metric.target) missing.push('target');
  else {
    if (absent(metric.target.value)) missing.push('target.value');
    if (!metric.target.due) missing.push('target.due');
  }
  if (absent(metric.source)) missing.push('source');
  return missing;
}

const KIND_OF_BLOCK: Record<BlockType, Ref['expects']> = { aims: 'aim', priorities: 'priority', workstream: 'workstream' };

class LinkedDocument implements Linked {
  readonly frameworkResolution?: FrameworkResolution;
  readonly framework?: PlanDocument;
  readonly settings: LintSettings;
  readonly reviewDate: Day;
  #definitions?: Map<string, Entity[]>;
  #adoptedAims?: Aim[];
  #aimRefs?: Map<string, Map<Workstream, Ref>>;
  #lintView?: WeakRef<LintView>;
  readonly #gaps = new Map<Metric, string[]>();

  constructor(readonly document: PlanDocument, host: LinkHost) {
    const reference = document.kind === 'plan' ? document.frontMatter?.framework?.value : undefined;
    if (reference) {
      this.frameworkResolution = host.resolveFramework(reference, document.path);
      if (this.frameworkResolution.ok) this.framework = this.frameworkResolution.document;
    }
    this.settings = host.settings(document.path);
    this.reviewDate = this.settings.asOf ?? document.frontMatter?.asOf?.day ?? this.settings.defaultAsOf ?? host.today();
  }

  get definitions(): Map<string, Entity[]> {
    return (this.#definitions ??= definitionsOf(this.document, this.framework));
  }

  resolve(ref: Ref): Entity | undefined {
    if (this.#definitions) return resolveRef(this.#definitions, ref);
    // The same answer as from the merged definitions (the framework's come first), without merging them per plan.
    const framework = this.framework && this.framework !== this.document ? this.framework : undefined;
    return (framework && resolveRef(ownDefinitionsOf(framework), ref)) ?? resolveRef(ownDefinitionsOf(this.document), ref);
  }

  workstreamsServing(entity: Aim | Priority): readonly Workstream[] {
    if (entity.kind === 'aim') return this.servedBy(entity.id).filter((w) => this.resolvesTo(this.aimRef(w, entity.id)!, entity));
    const listed = new Set<Workstream>();
    if (entity.kind === 'priority' && entity.document.path === this.document.path) {
      for (const ref of entity.workstreams) {
        const workstream = this.resolve(ref);
        if (workstream?.kind === 'workstream') listed.add(workstream);
      }
    }
    const names = (refs: readonly Ref[] | undefined) => (refs ?? []).some((ref) => ref.id === entity.id && this.resolvesTo(ref, entity));
    return this.document.workstreams.filter((w) => listed.has(w) || names(w.priorities));
  }

  referencesTo(entity: Entity): readonly Ref[] {
    if (entity.kind === 'metric') return [];
    const found: Ref[] = [];
    const { id, kind } = entity;
    // A plan may redefine a framework id (a duplicate-id error): its references then name the first definition.
    const visit = (refs: readonly Ref[] | undefined) => {
      for (const ref of refs ?? []) if (ref.id === id && ref.expects === kind && this.resolvesTo(ref, entity)) found.push(ref);
    };
    // refsOf's order, without building its list for each of thousands of plans.
    visit(this.document.frontMatter?.aims);
    for (const workstream of this.document.workstreams) {
      visit(workstream.aims);
      visit(workstream.priorities);
      for (const milestone of workstream.milestones) visit(milestone.priorities);
    }
    for (const priority of this.document.priorities) visit(priority.workstreams);
    for (const milestone of this.document.milestones) visit(milestone.dependsOn);
    return found;
  }

  definitionsOf(id: string): readonly Entity[] | undefined {
    if (this.#definitions) return this.#definitions.get(id);
    const framework = this.framework && this.framework !== this.document ? ownDefinitionsOf(this.framework).get(id) : undefined;
    const own = ownDefinitionsOf(this.document).get(id);
    return framework && own ? [...framework, ...own] : (framework ?? own);
  }

  private resolvesTo(ref: Ref, entity: Entity): boolean {
    const found = this.resolve(ref);
    return !!found && sameEntity(found, entity);
  }

  get adoptedAims(): readonly Aim[] {
    if (this.#adoptedAims) return this.#adoptedAims;
    const adopted: Aim[] = [];
    const seen = new Set<string>();
    const add = (aim: Aim) => {
      if (seen.has(aim.id)) return;
      seen.add(aim.id);
      adopted.push(aim);
    };
    const chosen = this.document.frontMatter?.aims;
    if (chosen) {
      for (const ref of chosen) {
        const aim = this.resolve(ref);
        if (aim?.kind === 'aim') add(aim);
      }
    } else if (this.framework && this.framework !== this.document) this.framework.aims.forEach(add);
    this.document.aims.forEach(add);
    return (this.#adoptedAims = adopted);
  }

  aimRef(workstream: Workstream, aimId: string): Ref | undefined {
    return this.aimRefs().get(aimId)?.get(workstream);
  }

  servedBy(aimId: string): readonly Workstream[] {
    return [...(this.aimRefs().get(aimId)?.keys() ?? [])];
  }

  metricGaps(metric: Metric): readonly string[] {
    let gaps = this.#gaps.get(metric);
    if (!gaps) this.#gaps.set(metric, (gaps = missingMetricParts(metric)));
    return gaps;
  }

  /**
   * Worked out once while anyone holds it, then let go: the lint reads it and its caller keeps the lint's
   * result, while the definitions map it holds (and what rules index by it) cost a server holding 1,000 linked
   * plans 6 MB of heap when kept for good.
   */
  get lintView(): LintView {
    const held = this.#lintView?.deref();
    if (held) return held;
    const { document, settings } = this;
    const frontMatter = document.frontMatter !== undefined && isUnreadable(document.frontMatter.part);
    // The plan's `framework` is a front-matter fact: with the front matter unreadable, any id may be defined there.
    const frameworkUnknown = frontMatter && document.kind === 'plan';
    const framework = frameworkUnknown ? undefined : this.framework;
    const kinds = new Set<Ref['expects']>(frameworkUnknown ? ['aim', 'priority', 'workstream'] : []);
    for (const doc of framework && framework !== document ? [framework, document] : [document]) {
      for (const part of doc.blocks) if (isUnreadable(part)) kinds.add(KIND_OF_BLOCK[part.region.blockType!]);
    }
    const view: LintView = {
      framework,
      definitions: definitionsOf(document, framework, (entity) => !isUnreadable(entity.part)),
      unknown: { frontMatter, reviewDate: frontMatter && settings.asOf === undefined, kinds },
    };
    this.#lintView = new WeakRef(view);
    return view;
  }

  /** Aim id -> workstream -> the first entry of its `aims` naming that id; workstreams in document order. */
  private aimRefs(): Map<string, Map<Workstream, Ref>> {
    if (this.#aimRefs) return this.#aimRefs;
    const refs = new Map<string, Map<Workstream, Ref>>();
    for (const workstream of this.document.workstreams) {
      for (const ref of workstream.aims ?? []) {
        let byWorkstream = refs.get(ref.id);
        if (!byWorkstream) refs.set(ref.id, (byWorkstream = new Map()));
        if (!byWorkstream.has(workstream)) byWorkstream.set(workstream, ref);
      }
    }
    return (this.#aimRefs = refs);
  }
}
