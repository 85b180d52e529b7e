import type { DateField, Entity, PeriodField, PlanDocument, Ref } from '../core/model.js';
import { entitiesOf } from '../core/model.js';
import type { Span } from '../core/text.js';
import { resolveRef } from '../core/link.js';

/** What sits under the cursor, for hover, navigation and rename. */
export type Target =
  | { kind: 'definition'; entity: Entity; span: Span }
  | { kind: 'reference'; ref: Ref; span: Span }
  | { kind: 'period'; field: PeriodField; span: Span }
  | { kind: 'date'; field: DateField; span: Span }
  | { kind: 'framework'; value: string; span: Span };

/** Every reference a document makes, wherever it sits. */
export function refsOf(document: PlanDocument): Ref[] {
  const refs: Ref[] = [...(document.frontMatter?.aims ?? [])];
  for (const workstream of document.workstreams) refs.push(...(workstream.aims ?? []), ...workstream.priorities, ...workstream.milestones.flatMap((m) => m.priorities));
  for (const priority of document.priorities) refs.push(...priority.workstreams);
  for (const milestone of document.milestones) refs.push(...milestone.dependsOn);
  return refs;
}

function contains(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

export function targetAt(document: PlanDocument, offset: number): Target | undefined {
  for (const entity of entitiesOf(document)) if (contains(entity.idSpan, offset)) return { kind: 'definition', entity, span: entity.idSpan };
  for (const ref of refsOf(document)) if (contains(ref.span, offset)) return { kind: 'reference', ref, span: ref.span };
  for (const field of document.periods) if (contains(field.span, offset)) return { kind: 'period', field, span: field.span };
  for (const field of document.dates) if (contains(field.span, offset)) return { kind: 'date', field, span: field.span };
  const framework = document.frontMatter?.framework;
  if (framework && contains(framework.span, offset)) return { kind: 'framework', value: framework.value, span: framework.span };
  return undefined;
}

/** The entity a target stands for, given the ids visible from its document. */
export function entityOf(target: Target, definitions: Map<string, Entity[]>): Entity | undefined {
  if (target.kind === 'definition') return target.entity;
  if (target.kind === 'reference') return resolveRef(definitions, target.ref);
  return undefined;
}
