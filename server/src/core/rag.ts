/**
 * RAG ratings, computed: red / amber / green, and blue for complete. A pure function of the linked document and
 * its review date; a typed `rag: {value, reason}` overrides the rating shown, never the one computed. How each is
 * worked out is documented in docs/format.md ("RAG"); rules, hovers and reports all read it from here.
 */
import type { Linked } from './link.js';
import type { Metric, Milestone, RagOverride, RagValue, Workstream } from './model.js';
import { RAG_VALUES } from './model.js';
import { overdueness } from './rules/overdue-milestone.js';
import { formatDay } from './periods.js';
import { difference, latestActual, metricEnds, directionOf, shortfall, trajectoryCheck, trendOf, withUnit } from './progress.js';

export interface Rag {
  /** The rating shown: the override's, else the computed one; undefined when the item is not rated (dropped, no actuals). */
  value?: RagValue;
  computed?: RagValue;
  /** Why the computed rating is what it is, in a phrase. */
  why: string;
  override?: RagOverride;
}

const STEP: Record<RagValue, number> = { red: 0, amber: 1, green: 2, blue: 3 };

/** How many steps apart two ratings are on red - amber - green - blue. */
export function ragSteps(a: RagValue, b: RagValue): number {
  return Math.abs(STEP[a] - STEP[b]);
}

const cache = new WeakMap<Linked, Map<object, Rag>>();

export function ragOf(linked: Linked, item: Milestone | Metric | Workstream): Rag {
  let byItem = cache.get(linked);
  if (!byItem) cache.set(linked, (byItem = new Map()));
  let rag = byItem.get(item);
  if (!rag) {
    const computed = item.kind === 'milestone' ? milestoneRag(linked, item) : item.kind === 'metric' ? metricRag(linked, item) : workstreamRag(linked, item);
    const override = item.rag?.value ? item.rag : undefined;
    rag = { ...computed, value: override?.value ?? computed.computed, override };
    byItem.set(item, rag);
  }
  return rag;
}

type Computed = Pick<Rag, 'computed' | 'why'>;

/** From the milestone's own status and dates only, without its dependencies. */
function ownMilestoneRag(milestone: Milestone, linked: Linked): Computed {
  const status = milestone.status?.value;
  const overdue = overdueness(milestone, linked.reviewDate);
  if (status === 'dropped') return { why: 'dropped: not rated' };
  if (overdue) return { computed: 'red', why: `overdue by ${overdue.days} day${overdue.days === 1 ? '' : 's'} (due by ${formatDay(overdue.dueBy)})` };
  if (status === 'done') return { computed: 'blue', why: milestone.doneOn?.day !== undefined ? `done on ${formatDay(milestone.doneOn.day)}` : 'done' };
  if (status === 'off-track') return { computed: 'red', why: 'status off-track' };
  if (status === 'at-risk') return { computed: 'amber', why: 'status at-risk' };
  return { computed: 'green', why: status ? `status ${status}` : 'no status, not yet due' };
}

function milestoneRag(linked: Linked, milestone: Milestone): Computed {
  const own = ownMilestoneRag(milestone, linked);
  if (own.computed !== 'green') return own;
  for (const ref of milestone.dependsOn) {
    const dependency = linked.resolve(ref);
    if (dependency?.kind !== 'milestone' || dependency === milestone) continue;
    if (ownMilestoneRag(dependency, linked).computed === 'red') return { computed: 'amber', why: `depends on \`${dependency.id}\`, which is red` };
  }
  return own;
}

function metricRag(linked: Linked, metric: Metric): Computed {
  const ends = metricEnds(metric);
  const direction = directionOf(metric);
  if (!ends || !direction) return { why: 'no numeric baseline and target: not rated' };
  const { reviewDate } = linked;
  const latest = latestActual(metric, reviewDate);
  if (!latest) return { why: 'no actual yet: not rated' };
  const unit = metric.unit;
  const latestText = `latest actual ${withUnit(latest.value, unit)} (${latest.period.canonical})`;
  if (shortfall(direction, latest.value, ends.target.value) <= 0) return { computed: 'blue', why: `target ${withUnit(ends.target.value, unit)} met: ${latestText}` };
  if (ends.target.day < reviewDate) return { computed: 'red', why: `target ${withUnit(ends.target.value, unit)} was due by ${formatDay(ends.target.day)} and is not met: ${latestText}` };
  const check = trajectoryCheck(metric, reviewDate, linked.settings.progress);
  const trend = trendOf(metric, reviewDate, linked.settings.progress);
  const off = !!check?.off;
  const atRisk = !!trend && !!check && trend.short > check.tolerance;
  const offText = check && `${latestText} is ${difference(check.behind, unit)} behind the trajectory (${withUnit(check.expected, unit)})`;
  const trendText = trend && `the trend reaches ${withUnit(trend.projected, unit)} by ${formatDay(ends.target.day)}, short of ${withUnit(ends.target.value, unit)}`;
  if (off && atRisk) return { computed: 'red', why: `${offText}, and ${trendText}` };
  if (off) return { computed: 'amber', why: offText! };
  if (atRisk) return { computed: 'amber', why: trendText! };
  return { computed: 'green', why: `${latestText} is on trajectory` };
}

function workstreamRag(linked: Linked, workstream: Workstream): Computed {
  const status = workstream.status;
  if (status === 'dropped') return { why: 'dropped: not rated' };
  if (status === 'done') return { computed: 'blue', why: 'status done' };
  const rated: { label: string; rag: RagValue }[] = [];
  if (status === 'off-track') rated.push({ label: 'status off-track', rag: 'red' });
  else if (status === 'at-risk') rated.push({ label: 'status at-risk', rag: 'amber' });
  for (const item of [...workstream.milestones, ...workstream.metrics]) {
    const rag = ragOf(linked, item).value;
    if (rag) rated.push({ label: `\`${item.id}\``, rag });
  }
  if (rated.length === 0) return { computed: 'green', why: 'nothing rated red or amber' };
  const worst = Math.min(...rated.map((entry) => STEP[entry.rag]));
  const rag = RAG_VALUES[worst];
  if (rag === 'blue') return { computed: 'blue', why: 'every milestone and metric complete' };
  if (rag === 'green') return { computed: 'green', why: 'no milestone or metric red or amber' };
  const named = rated.filter((entry) => entry.rag === rag).map((entry) => entry.label);
  return { computed: rag, why: `${named.slice(0, 3).join(', ')}${named.length > 3 ? ` and ${named.length - 3} more` : ''} ${rag}` };
}
