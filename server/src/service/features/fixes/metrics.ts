import type { Metric, PlanDocument, Workstream } from '../../../core/model.js';
import { missingMetricParts } from '../../../core/link.js';
import { isBroken, quickFix, sameSpan, valueAt, type Fix } from './fix.js';
import { appendToMapping, eolAt, indentOf, insertLinesAfter, isFlow, lastContentLine, setValue, type Edit } from './yaml-edits.js';

/**
 * What every value a fix cannot know gets: no unit, source, number or period is invented. `invalid-period` reports
 * it as a period, and `placeholder-value` as any other value, until the author writes the real one.
 */
const TBC = 'TBC';

/** missing-metrics: a `metrics` list with one metric to fill in, at the end of the workstream. */
export const addMetricSkeleton: Fix = (context) => {
  const { document, definitions } = context;
  const workstream = document.workstreams.find((w) => sameSpan(w.idSpan, context.diagnostic.span));
  if (!workstream || isBroken(workstream.part) || isFlow(document, workstream.span, '{')) return [];
  const { part, pointer } = workstream;
  const existing = part.yaml.locations.get(`${pointer}/metrics`);
  const list = valueAt(part, `${pointer}/metrics`);
  if (existing && !(list === null || (Array.isArray(list) && list.length === 0))) return [];
  const idKey = part.yaml.locations.get(`${pointer}/id`)?.key;
  if (!idKey) return [];
  let n = 1;
  while (definitions.has(`${workstream.id}-K${n}`)) n++;
  const indent = indentOf(document, part, idKey);
  const item = `${indent}${' '.repeat(listIndent(document, workstream))}`;
  const metric = [
    `- id: ${workstream.id}-K${n}`,
    `  title: ${TBC}`,
    `  unit: ${TBC}`,
    `  baseline: {value: ${TBC}, period: ${TBC}}`,
    `  target: {value: ${TBC}, due: ${TBC}}`,
    `  source: ${TBC}`,
    // No `breakdown`: which groups the measure is split by is for the author to say (missing-inequality-breakdown asks).
  ].map((line) => item + line);
  let edit: Edit;
  if (existing?.key) {
    // `metrics:` or `metrics: []`: the list replaces the empty value, after the colon.
    const colon = document.text.indexOf(':', existing.key.end) + 1;
    const end = Math.max(colon, existing.value.end);
    const eol = eolAt(document, document.lines.positionAt(colon).line);
    edit = { start: colon, end, text: metric.map((l) => eol + l).join('') };
  } else {
    edit = insertLinesAfter(document, lastContentLine(document, part, workstream.span), [`${indent}metrics:`, ...metric]);
  }
  return [quickFix(context, `Add a metric skeleton to \`${workstream.id}\``, [edit], true)];
};

/** How far the workstream's lists indent their dashes under their key: as its milestones do, else 2. */
function listIndent(document: PlanDocument, workstream: Workstream): number {
  const { pointer } = workstream;
  const locations = workstream.part.yaml.locations;
  const key = locations.get(`${pointer}/milestones`)?.key;
  const item = locations.get(`${pointer}/milestones/0`)?.value;
  if (!key || !item) return 2;
  const dash = document.text.lastIndexOf('-', item.start);
  const column = (offset: number) => document.lines.positionAt(offset).character;
  const indent = column(dash) - column(key.start);
  return dash >= document.lines.lineStarts[document.lines.positionAt(item.start).line] && indent >= 0 ? indent : 2;
}

/** incomplete-metric: the missing keys, with placeholders, added to the metric (and to a partial baseline or target). */
export const completeMetric: Fix = (context) => {
  const { document } = context;
  const metric = document.metrics.find((m) => sameSpan(m.idSpan, context.diagnostic.span));
  if (!metric || isBroken(metric.part)) return [];
  const missing = missingMetricParts(metric);
  const locations = metric.part.yaml.locations;
  const placeholder: Record<string, string> = {
    unit: TBC,
    source: TBC,
    'baseline.value': TBC,
    'baseline.period': TBC,
    'target.value': TBC,
    'target.due': TBC,
    baseline: `{value: ${TBC}, period: ${TBC}}`,
    target: `{value: ${TBC}, due: ${TBC}}`,
  };
  const edits: Edit[] = [];
  const appended: Array<[string, string]> = [];
  const nested = new Map<string, Array<[string, string]>>();
  for (const key of missing) {
    const [parent, child] = key.split('.');
    const pointer = `${metric.pointer}/${parent}${child ? `/${child}` : ''}`;
    const location = locations.get(pointer);
    const value = valueAt(metric.part, pointer);
    if (location && (value === null || value === '')) edits.push(setValue(document, location, placeholder[key]));
    else if (location) continue; // a value of the wrong type: a schema error, for the author to sort out
    else if (child) nested.set(parent, [...(nested.get(parent) ?? []), [child, placeholder[key]]]);
    else appended.push([parent, placeholder[key]]);
  }
  for (const [parent, entries] of nested) {
    const mapping = locations.get(`${metric.pointer}/${parent}`)!.value;
    const firstKey = firstKeyOf(metric, parent);
    if (firstKey || isFlow(document, mapping, '{')) edits.push(appendToMapping(document, metric.part, mapping, firstKey ?? mapping, entries));
  }
  const idKey = locations.get(`${metric.pointer}/id`)?.key;
  if (appended.length && idKey) edits.push(appendToMapping(document, metric.part, metric.span, idKey, appended));
  if (edits.length === 0) return [];
  return [quickFix(context, `Add the missing keys to \`${metric.id}\``, edits, true)];
};

function firstKeyOf(metric: Metric, parent: string) {
  for (const key of ['value', 'period', 'due']) {
    const found = metric.part.yaml.locations.get(`${metric.pointer}/${parent}/${key}`)?.key;
    if (found) return found;
  }
  return undefined;
}
