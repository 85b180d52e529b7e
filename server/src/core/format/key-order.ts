import type { PlanDocument, YamlPart } from '../model.js';
import { unescapePointer } from '../parse/yaml.js';
import type { Span } from '../text.js';
import { containerPrefix, lastContentLine } from './edits.js';

/** The order of the keys of each mapping, as the key tables of docs/format.md list them (a test holds them to it). */
export const KEY_ORDER = {
  'front matter': ['kind', 'id', 'title', 'organisation', 'period', 'framework', 'aims', 'as_of', 'status', 'owner', 'version', 'tags'],
  aim: ['id', 'title', 'description', 'focus'],
  priority: ['id', 'title', 'intent', 'due', 'deadlines', 'cadence', 'workstreams', 'metrics'],
  workstream: ['id', 'title', 'aims', 'priorities', 'lead', 'status', 'milestones', 'metrics', 'updates', 'rag'],
  milestone: ['id', 'title', 'due', 'status', 'done_on', 'cadence', 'priorities', 'owner', 'updates', 'risks', 'depends_on', 'rag'],
  metric: ['id', 'title', 'unit', 'baseline', 'target', 'source', 'breakdown', 'direction', 'actuals', 'trajectory', 'tolerance', 'reporting', 'rag'],
} as const satisfies Record<string, readonly string[]>;

/** A block mapping whose entries are to be put in order: where each entry's text runs, and the order it should take. */
export interface Reordering {
  /** Each entry's text, from its key to the end of its last line, in the order written. */
  slots: Span[];
  /** `order[j]`: the written entry that belongs in slot j. */
  order: number[];
  /** Nesting depth, so that inner mappings are settled before the entries that hold them move. */
  depth: number;
}

function dataAt(part: YamlPart, pointer: string): unknown {
  let value: unknown = part.yaml.data;
  for (const raw of pointer.split('/').slice(1)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[unescapePointer(raw)];
  }
  return value;
}

/** The mappings of a document that have a canonical key order, with that order. */
function orderedMappings(document: PlanDocument): Array<{ part: YamlPart; pointer: string; keys: readonly string[] }> {
  const found: Array<{ part: YamlPart; pointer: string; keys: readonly string[] }> = [];
  if (document.frontMatter) found.push({ part: document.frontMatter.part, pointer: '', keys: KEY_ORDER['front matter'] });
  for (const aim of document.aims) found.push({ part: aim.part, pointer: aim.pointer, keys: KEY_ORDER.aim });
  for (const priority of document.priorities) found.push({ part: priority.part, pointer: priority.pointer, keys: KEY_ORDER.priority });
  for (const workstream of document.workstreams) found.push({ part: workstream.part, pointer: workstream.pointer, keys: KEY_ORDER.workstream });
  for (const milestone of document.milestones) found.push({ part: milestone.part, pointer: milestone.pointer, keys: KEY_ORDER.milestone });
  for (const metric of document.metrics) found.push({ part: metric.part, pointer: metric.pointer, keys: KEY_ORDER.metric });
  return found;
}

/**
 * The reorderings that put the keys of entities and front matter in the canonical order. Unknown keys go last,
 * in the order written. A mapping is left as written when moving its entries could lose or misplace anything:
 * flow style, blank or comment lines between entries, text before its first key or after its last entry.
 */
export function keyReorderings(document: PlanDocument, range?: Span): Reordering[] {
  const reorderings: Reordering[] = [];
  for (const { part, pointer, keys } of orderedMappings(document)) {
    const reordering = reorderingOf(document, part, pointer, keys);
    if (!reordering) continue;
    const whole = { start: reordering.slots[0].start, end: reordering.slots[reordering.slots.length - 1].end };
    if (range && (whole.start < range.start || whole.end > range.end)) continue;
    reorderings.push(reordering);
  }
  return reorderings;
}

function reorderingOf(document: PlanDocument, part: YamlPart, pointer: string, keys: readonly string[]): Reordering | undefined {
  if (part.yaml.problems.some((p) => p.fatal)) return undefined;
  const data = dataAt(part, pointer);
  if (!data || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const entries: Array<{ name: string; key: Span; value: Span }> = [];
  for (const name of Object.keys(data)) {
    const location = part.yaml.locations.get(`${pointer}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    if (!location?.key) return undefined;
    entries.push({ name, key: location.key, value: location.value });
  }
  if (entries.length < 2) return undefined;
  entries.sort((a, b) => a.key.start - b.key.start);
  const rank = (name: string) => (keys.includes(name) ? keys.indexOf(name) : keys.length);
  const order = entries.map((_, i) => i).sort((a, b) => rank(entries[a].name) - rank(entries[b].name) || a - b);
  if (order.every((written, slot) => written === slot)) return undefined;

  const { text, lines } = document;
  if (text[entries[0].key.start] === '{' || /[{,]\s*$/.test(text.slice(lines.lineStarts[lines.positionAt(entries[0].key.start).line], entries[0].key.start))) return undefined;
  const mapping = pointer === '' ? part.region.span : part.yaml.locations.get(pointer)?.value;
  if (!mapping || (pointer !== '' && text[mapping.start] === '{')) return undefined;
  const slots: Span[] = [];
  for (const entry of entries) {
    const last = lastContentLine(document, part, { start: entry.key.start, end: Math.max(entry.key.end, entry.value.end) });
    slots.push({ start: entry.key.start, end: lines.lineEnd(last) });
  }
  const columnOf = (offset: number) => offset - lines.lineStarts[lines.positionAt(offset).line];
  const column = columnOf(entries[0].key.start);
  const bodyOf = (line: number) => {
    const start = lines.lineStarts[line] + containerPrefix(document, part, line).length;
    return { start, text: text.slice(start, lines.lineEnd(line)) };
  };
  for (let i = 0; i < entries.length; i++) {
    if (columnOf(entries[i].key.start) !== column) return undefined;
    if (i > 0) {
      // Between two entries only comment lines at the keys' own indentation, which belong to (and move with) the next key.
      const previous = lines.positionAt(slots[i - 1].end).line;
      const keyLine = lines.positionAt(entries[i].key.start).line;
      if (keyLine <= previous || !/^ *$/.test(text.slice(bodyOf(keyLine).start, entries[i].key.start))) return undefined;
      for (let line = previous + 1; line < keyLine; line++) {
        const body = bodyOf(line);
        const hash = body.start + body.text.indexOf('#');
        if (!/^ *#/.test(body.text) || columnOf(hash) !== column) return undefined;
        if (line === previous + 1) slots[i] = { start: hash, end: slots[i].end };
      }
    }
    // A comment line at the entries' own indentation inside an entry belongs to the next key, not to this one.
    const first = lines.positionAt(entries[i].key.start).line;
    const lastLine = lines.positionAt(slots[i].end).line;
    for (let line = first + 1; line <= lastLine; line++) {
      const body = bodyOf(line);
      const indent = body.text.length - body.text.trimStart().length;
      if (body.text.trim() === '' || (body.text.trimStart().startsWith('#') && columnOf(body.start + indent) <= column)) return undefined;
    }
  }
  // Nothing of the mapping after its last entry but blank lines (a second `id:` the data does not show, a comment).
  const lastSlotLine = lines.positionAt(slots[slots.length - 1].end).line;
  const tailLine = pointer === '' ? lines.positionAt(part.region.span.end).line - 1 : lastContentLine(document, part, mapping);
  for (let line = lastSlotLine + 1; line <= tailLine; line++) {
    if (text.slice(lines.lineStarts[line] + containerPrefix(document, part, line).length, lines.lineEnd(line)).trim() !== '') return undefined;
  }
  const depth = pointer.split('/').length;
  return { slots, order, depth };
}
