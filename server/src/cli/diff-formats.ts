/**
 * How `cplan diff` prints its changes: stylish for a terminal, `md` to post as a pull-request comment, `json`
 * (the contract in docs/diff.md) and `github` workflow annotations. Every change is said in words the same way
 * in each.
 */
import type { Change } from '../core/diff/index.js';
import type { FileDiff } from '../node/plan-versions.js';
import { escapeData, escapeProperty } from './formatters/github.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const code = (text: unknown) => `\`${String(text)}\``;
const value = (v: unknown) => (v === null || v === undefined ? 'nothing' : typeof v === 'object' ? JSON.stringify(v) : String(v));
const ENTITY_WORDS: Record<Change['entity'], string> = { plan: 'Plan', aim: 'Aim', priority: 'Priority', workstream: 'Workstream', milestone: 'Milestone', metric: 'Metric' };

/** One change in a sentence: "WS1-M1 slipped 2 quarters, from Q2 2025/26 to Q4 2025/26". */
export function describeChange(change: Change, markdown = false): string {
  const id = markdown ? code(change.id) : change.id;
  const what = `${ENTITY_WORDS[change.entity]} ${id}`;
  const q = (v: unknown) => (markdown ? code(value(v)) : value(v));
  switch (change.kind) {
    case 'added': return `${what} added`;
    case 'removed': return `${what} removed`;
    case 'renamed': return `${what} renamed from ${q(change.from)}`;
    case 'due-moved': {
      const field = change.field === 'target.due' ? 'target ' : '';
      if (change.quarters === undefined) return `${what} ${field}due changed from ${q(change.from)} to ${q(change.to)}`;
      if (change.quarters > 0) return `${id} ${field}slipped ${plural(change.quarters, 'quarter')}, from ${q(change.from)} to ${q(change.to)}`;
      if (change.quarters < 0) return `${id} ${field}brought forward ${plural(-change.quarters, 'quarter')}, from ${q(change.from)} to ${q(change.to)}`;
      return `${what} ${field}due moved within its quarter (${plural(Math.abs(change.days ?? 0), 'day')} ${(change.days ?? 0) > 0 ? 'later' : 'earlier'}), from ${q(change.from)} to ${q(change.to)}`;
    }
    case 'status-changed': return `${what} status changed from ${q(change.from)} to ${q(change.to)}`;
    case 'target-changed': return `${what} target ${change.weakened ? 'weakened' : 'changed'} from ${q(change.from)} to ${q(change.to)}`;
    case 'baseline-changed': return `${what} baseline restated from ${q(change.from)} to ${q(change.to)}`;
    case 'links-changed': {
      const parts = [change.added?.length ? `added ${change.added.map(q).join(', ')}` : '', change.removed?.length ? `removed ${change.removed.map(q).join(', ')}` : ''].filter(Boolean);
      return `${what} ${change.field}: ${parts.join('; ')}`;
    }
    case 'aim-unserved': return `Aim ${id} is no longer served by any workstream`;
    case 'aim-served': return `Aim ${id} is now served by a workstream`;
    case 'field-changed': return `${what} ${change.field} changed from ${q(change.from)} to ${q(change.to)}`;
    case 'text-changed': return `Text changed in section ${markdown ? `"${change.section || '(before the first heading)'}"` : `"${change.section || '(before the first heading)'}"`}`;
    case 'finding-new': return `New finding (${change.rule}): ${change.message}`;
    case 'finding-fixed': return `Fixed finding (${change.rule}): ${change.message}`;
  }
}

export function jsonOutput(diffs: readonly FileDiff[], single: boolean): string {
  return `${JSON.stringify(single ? diffs[0] ?? { old: null, new: null, changes: [] } : diffs, null, 2)}\n`;
}

/** The summary line a reviewer reads first: the changes a board questions, counted. */
export function summaryLine(diffs: readonly FileDiff[]): string {
  const all = diffs.flatMap((d) => d.changes);
  const count = (test: (c: Change) => boolean) => all.filter(test).length;
  const slipped = count((c) => c.kind === 'due-moved' && c.entity === 'milestone' && (c.quarters ?? 0) > 0);
  const weakened = count((c) => c.kind === 'target-changed' && !!c.weakened);
  const unserved = count((c) => c.kind === 'aim-unserved');
  const removed = count((c) => c.kind === 'removed');
  const newFindings = count((c) => c.kind === 'finding-new');
  const parts = [
    slipped ? `${plural(slipped, 'milestone')} slipped` : '',
    weakened ? `${plural(weakened, 'target')} weakened` : '',
    unserved ? `${plural(unserved, 'aim')} no longer served` : '',
    removed ? `${plural(removed, 'entity', 'entities')} removed` : '',
    newFindings ? `${plural(newFindings, 'new finding')}` : '',
  ].filter(Boolean);
  const others = all.length - slipped - weakened - unserved - removed - newFindings;
  if (!all.length) return 'No change of substance.';
  return `${parts.length ? parts.join(', ') : 'Nothing slipped, weakened or removed'}${others ? `; ${plural(others, 'other change')}` : ''}.`;
}

/** In the order of the file, for reading; a removal at its line in the old file. */
const byLine = (changes: readonly Change[]) => [...changes].sort((a, b) => a.line - b.line);

const fileName = (diff: FileDiff) => diff.new && diff.old && diff.new !== diff.old ? `${diff.new} (was ${diff.old})` : (diff.new ?? diff.old ?? '');

export function stylishOutput(diffs: readonly FileDiff[]): string {
  const lines: string[] = [];
  for (const diff of diffs) {
    if (!diff.changes.length) continue;
    lines.push('', fileName(diff));
    for (const change of byLine(diff.changes)) {
      const where = `${change.kind === 'removed' ? 'was ' : ''}${change.line}`;
      lines.push(`  ${where.padStart(7)}  ${change.severity.padEnd(7)}  ${describeChange(change)}`);
    }
  }
  lines.push('', summaryLine(diffs), '');
  return lines.join('\n');
}

/** Markdown for a pull-request comment: the summary, then a table per workstream of each file. */
export function markdownOutput(diffs: readonly FileDiff[]): string {
  const lines = ['## cplan diff', '', summaryLine(diffs)];
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  for (const diff of diffs) {
    if (!diff.changes.length) continue;
    lines.push('', `### ${cell(fileName(diff))}`);
    const groups = new Map<string, Change[]>();
    for (const change of byLine(diff.changes)) {
      const key = change.workstream ?? (change.entity === 'workstream' ? change.id : '');
      groups.set(key, [...(groups.get(key) ?? []), change]);
    }
    const order = [...groups.keys()].sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en', { numeric: true })));
    for (const key of order) {
      lines.push('', key ? `#### Workstream \`${key}\`` : '#### The plan', '', '| | Change | Line |', '| --- | --- | --- |');
      for (const change of groups.get(key)!) {
        const mark = change.severity === 'error' ? '⛔ error' : change.severity === 'warning' ? '⚠️ warning' : 'ℹ️ info';
        lines.push(`| ${mark} | ${cell(describeChange(change, true))} | ${change.kind === 'removed' ? `was ${change.line}` : change.line} |`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

const COMMAND: Record<Change['severity'], string> = { error: 'error', warning: 'warning', info: 'notice' };

/** GitHub workflow annotations at the changed lines of the new file (a removal: at the top of the new file). */
export function githubOutput(diffs: readonly FileDiff[]): string {
  const lines: string[] = [];
  for (const diff of diffs) {
    const file = diff.new ?? diff.old ?? '';
    for (const change of diff.changes) {
      const line = change.kind === 'removed' && diff.new ? 1 : change.line;
      lines.push(`::${COMMAND[change.severity]} file=${escapeProperty(file)},line=${line},title=${escapeProperty(`cplan diff: ${change.kind}`)}::${escapeData(describeChange(change))}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
