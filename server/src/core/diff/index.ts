/**
 * The semantic difference between two versions of a plan (or framework): what a board approving the new
 * version needs to see (milestones that slipped, targets weakened, aims no longer served, entities dropped),
 * not a line diff. Entities are matched by id; one whose id changed but whose title and parent did not is
 * renamed. Moving a block or reordering entries is no change. Pure: both versions come linked, with their
 * lint findings. The JSON contract is documented in docs/diff.md.
 */
import type { Diagnostic } from '../lint.js';
import type { Linked } from '../link.js';
import type { Entity, EntityKind, Metric, PeriodField, PlanDocument, Ref } from '../model.js';
import { financialYearOf, ymdFromDay, type Day, type Period } from '../periods.js';
import { quarterIndex } from '../periods/financial.js';
import { directionOf, numberOf } from '../progress.js';
import { defaultSeverity, type ChangeSeverity } from './severity.js';

export type ChangeEntity = 'plan' | EntityKind;

export type ChangeKind =
  | 'added' | 'removed' | 'renamed' | 'due-moved' | 'status-changed' | 'target-changed' | 'baseline-changed'
  | 'links-changed' | 'aim-unserved' | 'aim-served' | 'field-changed' | 'text-changed' | 'finding-new' | 'finding-fixed';

export interface Change {
  kind: ChangeKind;
  entity: ChangeEntity;
  /** The id in the new version (the old one for `removed`); the plan's own id for plan changes. */
  id: string;
  severity: ChangeSeverity;
  /** 1-based line in the new file (the old file for `removed`). */
  line: number;
  /** `renamed`: the old id. `due-moved`, `status-changed`, `target-changed`, `baseline-changed`, `field-changed`: the old value. */
  from?: unknown;
  to?: unknown;
  /** `due-moved`: signed NHS quarters between the two due periods' ends (positive: later, slipped) and days. */
  quarters?: number;
  days?: number;
  /** `target-changed`: easier to reach, by the metric's direction. */
  weakened?: boolean;
  /** `field-changed`, `links-changed`: which field. */
  field?: string;
  added?: string[];
  removed?: string[];
  /** `text-changed`: the heading of the section whose prose changed. */
  section?: string;
  /** `finding-new`, `finding-fixed`. */
  rule?: string;
  message?: string;
  /** The workstream a milestone or metric belongs to, in the version the line is in. */
  workstream?: string;
}

export interface DiffSide {
  linked: Linked;
  findings: readonly Diagnostic[];
}

export interface DiffOptions {
  /** Severity overrides by change kind or gate name (`slipped`, `target-weakened`, ...), from `.cplanrc.yaml` `diff:`. */
  severities?: Readonly<Record<string, ChangeSeverity>>;
}

export function diffDocuments(before: DiffSide, after: DiffSide, options: DiffOptions = {}): Change[] {
  const changes: Omit<Change, 'severity'>[] = [];
  const oldDoc = before.linked.document;
  const newDoc = after.linked.document;
  const lineIn = (document: PlanDocument, offset: number) => document.lines.positionAt(offset).line + 1;
  const planId = newDoc.frontMatter?.id?.value ?? oldDoc.frontMatter?.id?.value ?? newDoc.path;
  /** The line of a front matter key in the new version (its value's, else the key's); 1 when it is not there. */
  const planLine = (key: string) => {
    const location = newDoc.frontMatter?.part.yaml.locations.get(`/${key}`);
    return location ? lineIn(newDoc, (location.key ?? location.value).start) : 1;
  };

  // The plan's own front matter.
  const fm = (document: PlanDocument) => document.frontMatter;
  if (fm(oldDoc)?.status?.value !== fm(newDoc)?.status?.value) {
    changes.push({ kind: 'status-changed', entity: 'plan', id: planId, line: planLine('status'), from: fm(oldDoc)?.status?.value ?? null, to: fm(newDoc)?.status?.value ?? null });
  }
  for (const field of ['title', 'organisation', 'period', 'framework'] as const) {
    const from = fm(oldDoc)?.[field]?.value;
    const to = fm(newDoc)?.[field]?.value;
    if (from !== to) changes.push({ kind: 'field-changed', entity: 'plan', id: planId, field, line: planLine(field), from: from ?? null, to: to ?? null });
  }
  for (const field of ['version', 'owner'] as const) {
    const from = fm(oldDoc)?.data?.[field];
    const to = fm(newDoc)?.data?.[field];
    if (!sameValue(from, to)) changes.push({ kind: 'field-changed', entity: 'plan', id: planId, field, line: planLine(field), from: from ?? null, to: to ?? null });
  }
  const asOfFrom = fm(oldDoc)?.asOf?.text;
  const asOfTo = fm(newDoc)?.asOf?.text;
  if (asOfFrom !== asOfTo) changes.push({ kind: 'field-changed', entity: 'plan', id: planId, field: 'as_of', line: planLine('as_of'), from: asOfFrom ?? null, to: asOfTo ?? null });
  const adopted = linksChange(fm(oldDoc)?.aims, fm(newDoc)?.aims);
  if (adopted) changes.push({ kind: 'links-changed', entity: 'plan', id: planId, field: 'aims', line: planLine('aims'), ...adopted });

  // Entities, kind by kind: matched by id, then unmatched ones by title and parent (renamed).
  const renames = new Map<string, string>(); // old id -> new id, for parents of milestones and metrics
  for (const kind of ['aim', 'priority', 'workstream', 'milestone', 'metric'] as const) {
    const olds = ownEntities(oldDoc, kind);
    const news = ownEntities(newDoc, kind);
    const newById = new Map(news.map((e) => [e.id, e]));
    const oldById = new Map(olds.map((e) => [e.id, e]));
    const unmatchedOld = olds.filter((e) => !newById.has(e.id));
    const unmatchedNew = news.filter((e) => !oldById.has(e.id));
    const pairs: [Entity, Entity][] = olds.filter((e) => newById.has(e.id)).map((e) => [e, newById.get(e.id)!]);
    const renamed = new Set<Entity>();
    for (const old of unmatchedOld) {
      const parent = parentOf(old) === undefined ? undefined : renames.get(parentOf(old)!) ?? parentOf(old);
      const twin = unmatchedNew.find((e) => e.title !== undefined && e.title === old.title && parentOf(e) === parent);
      if (!twin) continue;
      unmatchedNew.splice(unmatchedNew.indexOf(twin), 1);
      renamed.add(old);
      renames.set(old.id, twin.id);
      changes.push({ kind: 'renamed', entity: kind, id: twin.id, from: old.id, line: lineIn(newDoc, twin.idSpan.start), ...inWorkstream(twin) });
      pairs.push([old, twin]);
    }
    for (const old of unmatchedOld) if (!renamed.has(old)) changes.push({ kind: 'removed', entity: kind, id: old.id, line: lineIn(oldDoc, old.idSpan.start), ...inWorkstream(old) });
    for (const added of unmatchedNew) changes.push({ kind: 'added', entity: kind, id: added.id, line: lineIn(newDoc, added.idSpan.start), ...inWorkstream(added) });
    for (const [old, now] of pairs) changes.push(...entityChanges(old, now, (offset) => lineIn(newDoc, offset)));
  }

  // Adopted aims served by no workstream any more, or served now.
  const served = (linked: Linked) => new Set(linked.adoptedAims.filter((aim) => linked.servedBy(aim.id).length > 0).map((aim) => aim.id));
  const servedBefore = served(before.linked);
  const servedAfter = served(after.linked);
  const adoptedAfter = new Set(after.linked.adoptedAims.map((aim) => aim.id));
  for (const aim of servedBefore) {
    if (!servedAfter.has(aim) && adoptedAfter.has(aim)) {
      // Where it stopped being served: the aims of the workstream that served it, if that workstream is still there.
      const was = before.linked.servedBy(aim).map((w) => renames.get(w.id) ?? w.id);
      const still = newDoc.workstreams.find((w) => was.includes(w.id));
      const line = still ? lineIn(newDoc, (still.aims?.[0]?.span ?? still.idSpan).start) : aimLine(after.linked, aim);
      changes.push({ kind: 'aim-unserved', entity: 'aim', id: aim, line });
    }
  }
  for (const aim of servedAfter) if (!servedBefore.has(aim)) changes.push({ kind: 'aim-served', entity: 'aim', id: aim, line: aimLine(after.linked, aim) });

  changes.push(...proseChanges(oldDoc, newDoc));
  changes.push(...findingChanges(before, after, renames));

  return changes.map((change) => ({ ...change, severity: options.severities?.[gateOf(change)] ?? options.severities?.[change.kind] ?? defaultSeverity(change) }));
}

/** The gate name a change answers to in `--fail-on` and `diff:` severities, besides its kind. */
export function gateOf(change: Pick<Change, 'kind' | 'quarters' | 'weakened'>): string {
  if (change.kind === 'due-moved' && (change.quarters ?? 0) > 0) return 'slipped';
  if (change.kind === 'target-changed' && change.weakened) return 'target-weakened';
  return change.kind;
}

function ownEntities(document: PlanDocument, kind: EntityKind): Entity[] {
  switch (kind) {
    case 'aim': return document.aims;
    case 'priority': return document.priorities;
    case 'workstream': return document.workstreams;
    case 'milestone': return document.milestones;
    case 'metric': return document.metrics;
  }
}

function parentOf(entity: Entity): string | undefined {
  return entity.kind === 'milestone' || entity.kind === 'metric' ? entity.owner.id : undefined;
}

function inWorkstream(entity: Entity): { workstream?: string } {
  return (entity.kind === 'milestone' || entity.kind === 'metric') && entity.owner.kind === 'workstream' ? { workstream: entity.owner.id } : {};
}

function aimLine(linked: Linked, aimId: string): number {
  const document = linked.document;
  const ref = document.frontMatter?.aims?.find((r) => r.id === aimId);
  const own = document.aims.find((a) => a.id === aimId);
  const span = ref?.span ?? own?.idSpan;
  return span ? document.lines.positionAt(span.start).line + 1 : 1;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function linksChange(before: readonly Ref[] | undefined, after: readonly Ref[] | undefined): { added: string[]; removed: string[] } | undefined {
  const from = new Set((before ?? []).map((r) => r.id));
  const to = new Set((after ?? []).map((r) => r.id));
  const added = [...to].filter((id) => !from.has(id));
  const removed = [...from].filter((id) => !to.has(id));
  return added.length || removed.length ? { added, removed } : undefined;
}

function entityChanges(old: Entity, now: Entity, line: (offset: number) => number): Omit<Change, 'severity'>[] {
  const changes: Omit<Change, 'severity'>[] = [];
  const base = { entity: now.kind, id: now.id, ...inWorkstream(now) };
  const at = (span?: { start: number }) => line((span ?? now.idSpan).start);
  const field = (name: string, from: unknown, to: unknown, span?: { start: number }) => {
    if (!sameValue(from, to)) changes.push({ kind: 'field-changed', ...base, field: name, from: from ?? null, to: to ?? null, line: at(span) });
  };
  const links = (name: string, from: readonly Ref[] | undefined, to: readonly Ref[] | undefined, span?: { start: number }) => {
    const change = linksChange(from, to);
    if (change) changes.push({ kind: 'links-changed', ...base, field: name, ...change, line: at(span) });
  };
  field('title', old.title, now.title);
  if (old.kind === 'workstream' && now.kind === 'workstream') {
    field('lead', old.lead, now.lead);
    if (old.status !== now.status) changes.push({ kind: 'status-changed', ...base, from: old.status ?? null, to: now.status ?? null, line: at() });
    links('aims', old.aims, now.aims, now.aims?.[0]?.span);
    links('priorities', old.priorities, now.priorities, now.priorities[0]?.span);
  } else if (old.kind === 'milestone' && now.kind === 'milestone') {
    const moved = dueMove(old.due, now.due);
    if (moved) changes.push({ kind: 'due-moved', ...base, ...moved, line: at(now.due?.span) });
    if (old.status?.value !== now.status?.value) changes.push({ kind: 'status-changed', ...base, from: old.status?.value ?? null, to: now.status?.value ?? null, line: at(now.status?.span) });
    field('owner', old.ownedBy?.value, now.ownedBy?.value, now.ownedBy?.span);
    field('done_on', old.doneOn?.text, now.doneOn?.text, now.doneOn?.span);
    field('cadence', old.cadence?.value, now.cadence?.value, now.cadence?.span);
    links('priorities', old.priorities, now.priorities, now.priorities[0]?.span);
    links('depends_on', old.dependsOn, now.dependsOn, now.dependsOn[0]?.span);
  } else if (old.kind === 'metric' && now.kind === 'metric') {
    changes.push(...metricChanges(old, now, base, at));
    field('unit', old.unit, now.unit);
    field('source', old.source, now.source);
  } else if (old.kind === 'priority' && now.kind === 'priority') {
    const moved = dueMove(old.due, now.due);
    if (moved) changes.push({ kind: 'due-moved', ...base, ...moved, line: at(now.due?.span) });
    links('workstreams', old.workstreams, now.workstreams, now.workstreams[0]?.span);
  } else if (old.kind === 'aim' && now.kind === 'aim') {
    field('focus', old.focus, now.focus);
  }
  return changes;
}

function metricChanges(old: Metric, now: Metric, base: { entity: EntityKind; id: string }, at: (span?: { start: number }) => number): Omit<Change, 'severity'>[] {
  const changes: Omit<Change, 'severity'>[] = [];
  const oldTarget = numberOf(old.target) ?? old.target?.value;
  const newTarget = numberOf(now.target) ?? now.target?.value;
  if (!sameValue(oldTarget, newTarget)) {
    // Easier to reach: lower for a higher-is-better metric, higher for a lower-is-better one.
    const direction = directionOf(now) ?? directionOf(old);
    const weakened = typeof oldTarget === 'number' && typeof newTarget === 'number' && direction !== undefined
      ? (direction === 'higher' ? newTarget < oldTarget : newTarget > oldTarget) : false;
    changes.push({ kind: 'target-changed', ...base, from: oldTarget ?? null, to: newTarget ?? null, weakened, line: at(now.target?.span) });
  }
  const moved = dueMove(old.target?.due, now.target?.due);
  if (moved) changes.push({ kind: 'due-moved', ...base, ...moved, field: 'target.due', line: at(now.target?.due?.span) });
  const oldBaseline = numberOf(old.baseline) ?? old.baseline?.value;
  const newBaseline = numberOf(now.baseline) ?? now.baseline?.value;
  if (!sameValue(oldBaseline, newBaseline)) changes.push({ kind: 'baseline-changed', ...base, from: oldBaseline ?? null, to: newBaseline ?? null, line: at(now.baseline?.span) });
  return changes;
}

/** Financial quarters since a fixed origin: Q1 2024/25 and Q2 2024/25 are one apart. */
function quarterNumber(day: Day): number {
  return financialYearOf(day) * 4 + quarterIndex(ymdFromDay(day).m) - 1;
}

/** A due period moved: canonical texts, signed quarters and days between the ends; undefined when unchanged. */
function dueMove(before: PeriodField | undefined, after: PeriodField | undefined): Pick<Change, 'from' | 'to' | 'quarters' | 'days'> | undefined {
  const from = canonicalOf(before);
  const to = canonicalOf(after);
  if (from === to) return undefined;
  const a = before?.result.ok ? before.result.period : undefined;
  const b = after?.result.ok ? after.result.period : undefined;
  return { from: from ?? null, to: to ?? null, ...(a && b ? { quarters: quarterNumber(b.end) - quarterNumber(a.end), days: b.end - a.end } : {}) };
}

function canonicalOf(field: PeriodField | undefined): string | undefined {
  if (!field) return undefined;
  return field.result.ok ? (field.result.period as Period).canonical : field.text;
}

/** Prose outside the YAML, compared section by section (a section runs from one heading to the next). */
function proseChanges(before: PlanDocument, after: PlanDocument): Omit<Change, 'severity'>[] {
  const oldSections = proseSections(before);
  const newSections = proseSections(after);
  const changes: Omit<Change, 'severity'>[] = [];
  const planId = after.frontMatter?.id?.value ?? after.path;
  for (const [heading, section] of newSections) {
    const old = oldSections.get(heading);
    if (old !== undefined && old.text !== section.text) changes.push({ kind: 'text-changed', entity: 'plan', id: planId, section: heading, line: section.line });
  }
  return changes;
}

function proseSections(document: PlanDocument): Map<string, { text: string; line: number }> {
  const cuts = [...document.headings].sort((a, b) => a.span.start - b.span.start);
  const yaml = [...(document.frontMatter ? [document.frontMatter.part] : []), ...document.blocks].map((p) => p.region.span);
  const sections = new Map<string, { text: string; line: number }>();
  const bounds = [{ title: '', start: 0, line: 1 }, ...cuts.map((h) => ({ title: h.text, start: h.span.start, line: document.lines.positionAt(h.span.start).line + 1 }))];
  bounds.forEach((bound, i) => {
    const end = bounds[i + 1]?.start ?? document.text.length;
    let text = '';
    let cursor = bound.start;
    for (const span of yaml) {
      if (span.end <= cursor || span.start >= end) continue;
      text += document.text.slice(cursor, Math.max(cursor, span.start));
      cursor = Math.min(end, span.end);
    }
    text += document.text.slice(cursor, end);
    // Whitespace alone (a blank line added, a block moved) is no change of substance.
    const normalised = text.replace(/\s+/g, ' ').trim();
    const key = sections.has(bound.title) ? `${bound.title} (${i})` : bound.title;
    sections.set(key, { text: normalised, line: bound.line });
  });
  return sections;
}

/** Findings present in one version only, by rule and entity (and message without numbers), never by line. */
function findingChanges(before: DiffSide, after: DiffSide, renames: ReadonlyMap<string, string>): Omit<Change, 'severity'>[] {
  const keyed = (side: DiffSide, renamed: boolean) => {
    const map = new Map<string, { finding: Diagnostic; entity: Entity | undefined }[]>();
    for (const finding of side.findings) {
      const entity = entityAt(side.linked.document, finding.span.start);
      const id = entity ? (renamed ? renames.get(entity.id) ?? entity.id : entity.id) : '';
      const key = `${finding.ruleId}\u0000${entity?.kind ?? 'plan'}\u0000${id}`;
      const list = map.get(key) ?? [];
      list.push({ finding, entity });
      map.set(key, list);
    }
    return map;
  };
  const olds = keyed(before, true);
  const news = keyed(after, false);
  const changes: Omit<Change, 'severity'>[] = [];
  const planId = after.linked.document.frontMatter?.id?.value ?? after.linked.document.path;
  const push = (kind: 'finding-new' | 'finding-fixed', side: DiffSide, item: { finding: Diagnostic; entity: Entity | undefined }) => {
    const document = side.linked.document;
    changes.push({
      kind, entity: item.entity?.kind ?? 'plan', id: item.entity ? (kind === 'finding-fixed' ? renames.get(item.entity.id) ?? item.entity.id : item.entity.id) : planId,
      rule: item.finding.ruleId, message: item.finding.message, line: document.lines.positionAt(item.finding.span.start).line + 1,
      ...(item.entity ? inWorkstream(item.entity) : {}),
    });
  };
  for (const [key, list] of news) {
    const had = olds.get(key)?.length ?? 0;
    for (const item of list.slice(had)) push('finding-new', after, item);
  }
  for (const [key, list] of olds) {
    const has = news.get(key)?.length ?? 0;
    for (const item of list.slice(has)) push('finding-fixed', before, item);
  }
  return changes;
}

/** The innermost entity whose mapping holds an offset. */
function entityAt(document: PlanDocument, offset: number): Entity | undefined {
  let found: Entity | undefined;
  const consider = (entity: Entity) => {
    if (entity.span.start <= offset && offset <= entity.span.end && (!found || entity.span.end - entity.span.start <= found.span.end - found.span.start)) found = entity;
  };
  for (const list of [document.aims, document.priorities, document.workstreams, document.milestones, document.metrics] as Entity[][]) list.forEach(consider);
  return found;
}

export type { ChangeSeverity } from './severity.js';
export { isGate, GATES } from './severity.js';
