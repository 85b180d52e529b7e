import type { Aim, Ref } from '../model.js';
import { resolveRef } from '../link.js';
import type { RuleContext } from './rule.js';
import { plausibleIds } from '../suggest.js';

const ARTICLE: Record<string, string> = { aim: 'an aim', priority: 'a priority', workstream: 'a workstream', milestone: 'a milestone', metric: 'a metric' };

const BLOCK_OF: Record<Ref['expects'], string> = { aim: 'an `aims` block', priority: 'a `priorities` block', workstream: 'a `workstream` block', milestone: 'a `workstream` block' };

export function describeKind(kind: string): string {
  return ARTICLE[kind] ?? kind;
}

export function capitalise(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}

const idsByKind = new WeakMap<RuleContext['definitions'], Map<string, string[]>>();

/** The ids of kind `expects` that a reference can name; worked out once per lint, as every unknown reference asks. */
export function idsOfKind(context: RuleContext, kind: Ref['expects']): string[] {
  let byKind = idsByKind.get(context.definitions);
  if (!byKind) {
    byKind = new Map();
    for (const [id, entities] of context.definitions) {
      for (const k of new Set(entities.map((e) => e.kind))) {
        const list = byKind.get(k);
        if (list) list.push(id);
        else byKind.set(k, [id]);
      }
    }
    idsByKind.set(context.definitions, byKind);
  }
  return byKind.get(kind) ?? [];
}

/** Reports each reference that names no entity of the expected kind. */
export function checkRefs(context: RuleContext, refs: Iterable<Ref>): void {
  // With a framework that could not be read, or a part that is not valid YAML, an id missing here may well be defined there.
  const unknowable = context.frameworkResolution?.ok === false;
  for (const ref of refs) {
    if (resolveRef(context.definitions, ref)) continue;
    if ((unknowable || context.unknown.kinds.has(ref.expects)) && !context.definitions.has(ref.id)) continue;
    const other = context.definitions.get(ref.id)?.[0];
    const known = idsOfKind(context, ref.expects);
    const suggestions = plausibleIds(ref.id, known);
    const message = other
      ? `\`${ref.id}\` is ${describeKind(other.kind)}, not ${describeKind(ref.expects)}; name ${describeKind(ref.expects)} here.`
      : ref.expects === 'workstream' && context.document.kind === 'framework'
        ? `Unknown workstream \`${ref.id}\`: a framework has no workstreams, so its priorities cannot name one. Remove \`workstreams\` here; a plan's workstream takes the priority forward by listing it under \`priorities\`.`
        : `Unknown ${ref.expects} \`${ref.id}\`: no ${ref.expects} with this id is defined in ${whereDefined(context, ref.expects)}.` +
          (suggestions.length ? ` Did you mean ${suggestions.map((s) => `\`${s}\``).join(' or ')}?` : `${knownIds(ref.expects, known)} Define it in ${BLOCK_OF[ref.expects]} or fix the id.`);
    context.report({ span: ref.span, message, data: { suggestions } });
  }
}

const KNOWN_LISTED = 10;

/** With no plausible id to offer, the few ids there are tell the author what to write; a long list would only bury the message. */
function knownIds(kind: Ref['expects'], ids: readonly string[]): string {
  if (ids.length === 0 || ids.length > KNOWN_LISTED) return '';
  const plural = { aim: 'aims', priority: 'priorities', workstream: 'workstreams', milestone: 'milestones' }[kind];
  return ` The ${plural} defined are ${ids.map((id) => `\`${id}\``).join(', ')}.`;
}

/** Where an id of this kind can be defined: workstreams only ever in the plan itself, never in its framework. */
function whereDefined(context: RuleContext, kind: Ref['expects']): string {
  if (kind === 'workstream') return context.document.kind === 'plan' ? 'this plan' : 'this file';
  return context.framework ? `this plan or its framework \`${context.framework.frontMatter?.id?.value ?? context.framework.path}\`` : 'this file';
}

export function isInequalitiesAim(aim: Aim): boolean {
  return aim.focus?.toLowerCase().trim() === 'inequalities' || /inequalit/i.test(aim.title ?? '');
}
