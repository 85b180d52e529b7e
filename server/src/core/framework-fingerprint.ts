/**
 * What a plan's lint reads of its framework, as one string: two versions of a framework with the same
 * fingerprint give every plan that uses it the same diagnostics, so an editor need not lint those plans again
 * when only the rest of the framework (its title, prose, comments, offsets) changed. Pure.
 */
import { isUnreadable, type Aim, type PeriodField, type PlanDocument, type Priority } from './model.js';
import type { Span } from './text.js';

const fingerprints = new WeakMap<PlanDocument, string>();

/**
 * The framework's id and path (messages name it), then every aim and priority in order with what rules read of
 * it: id, kind, whether its part is valid YAML, title and focus (messages, the inequalities aim), cadence and
 * deadlines, and where the spans that related locations point at are, as line and column (an offset moved by
 * typing on an earlier line of the same block is the same place to a client).
 */
export function frameworkFingerprint(framework: PlanDocument): string {
  let known = fingerprints.get(framework);
  if (known === undefined) fingerprints.set(framework, (known = JSON.stringify(factsOf(framework))));
  return known;
}

function factsOf(framework: PlanDocument): unknown[] {
  const at = (span: Span) => {
    const start = framework.lines.positionAt(span.start);
    const end = framework.lines.positionAt(span.end);
    return `${start.line}:${start.character}-${end.line}:${end.character}`;
  };
  const period = (field: PeriodField | undefined) => field && [field.text, field.result.ok ? field.result.period.canonical : '!', at(field.span)];
  const unreadableBlocks = framework.blocks.filter(isUnreadable).map((part) => part.region.blockType);
  const aim = (a: Aim) => ['aim', a.id, isUnreadable(a.part), a.title, a.focus, at(a.idSpan)];
  const priority = (p: Priority) => [
    'priority', p.id, isUnreadable(p.part), p.title, p.cadence, period(p.due), p.deadlines.map((d) => [d.title, period(d.due)]),
    p.workstreams.map((r) => r.id), p.metrics.map((m) => m.id), at(p.idSpan),
  ];
  return [framework.kind, framework.path, framework.frontMatter?.id?.value, unreadableBlocks, framework.aims.map(aim), framework.priorities.map(priority)];
}
