import type { Span } from './text.js';
import type { Entity, PlanDocument, Ref } from './model.js';
import { entitiesOf, isUnreadable } from './model.js';
import type { BlockType } from './parse/markdown.js';
import { todayDay, type Day } from './periods.js';
import { RULES, type FrameworkResolution, type RelatedLocation, type RuleSetting, type Severity, type Unknowns } from './rules/index.js';
import { suppressionOf } from './suppress.js';

export interface Diagnostic {
  ruleId: string;
  severity: Severity;
  message: string;
  span: Span;
  related?: RelatedLocation[];
  data?: Record<string, unknown>;
}

export interface LintSettings {
  /** The review date that overrides the file's `as_of` (CLI `--as-of`, editor setting). */
  asOf?: Day;
  /** The review date when neither an override nor the file's `as_of` is given (`.cplanrc.yaml`); today otherwise. */
  defaultAsOf?: Day;
  /** Severity overrides by rule id. */
  rules?: Readonly<Record<string, RuleSetting>>;
}

/** The review date for a document: override, then the file's `as_of`, then the config's, then today. */
export function reviewDateOf(document: PlanDocument, settings: LintSettings): Day {
  return settings.asOf ?? document.frontMatter?.asOf?.day ?? settings.defaultAsOf ?? todayDay();
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

const KIND_OF_BLOCK: Record<BlockType, Ref['expects']> = { aims: 'aim', priorities: 'priority', workstream: 'workstream' };

/**
 * What the rules see of a document linked to its framework: nothing read from a part that is not valid YAML,
 * whose data is partial, and what such parts leave unknown, as a framework that cannot be read does.
 */
function linked(document: PlanDocument, settings: LintSettings, resolved?: PlanDocument): { framework?: PlanDocument; definitions: Map<string, Entity[]>; unknown: Unknowns } {
  const frontMatter = document.frontMatter !== undefined && isUnreadable(document.frontMatter.part);
  // The plan's `framework` is a front-matter fact: with the front matter unreadable, any id may be defined there.
  const frameworkUnknown = frontMatter && document.kind === 'plan';
  const framework = frameworkUnknown ? undefined : resolved;
  const kinds = new Set<Ref['expects']>(frameworkUnknown ? ['aim', 'priority', 'workstream'] : []);
  for (const doc of framework && framework !== document ? [framework, document] : [document]) {
    for (const part of doc.blocks) if (isUnreadable(part)) kinds.add(KIND_OF_BLOCK[part.region.blockType!]);
  }
  return {
    framework,
    definitions: definitionsOf(document, framework, (entity) => !isUnreadable(entity.part)),
    unknown: { frontMatter, reviewDate: frontMatter && settings.asOf === undefined, kinds },
  };
}

/** Past this many findings of one rule in one file, the rest are summed up in one diagnostic: a flood helps nobody. */
export const MAX_PER_RULE = 500;

/** Runs every enabled rule over one linked document. Pure: reads nothing but its arguments. */
export function lintDocument(document: PlanDocument, settings: LintSettings = {}, frameworkResolution?: FrameworkResolution): Diagnostic[] {
  if (!document.kind) return [];
  const { framework, definitions, unknown } = linked(document, settings, frameworkResolution?.ok ? frameworkResolution.document : undefined);
  const asOf = reviewDateOf(document, settings);
  const lineOf = (offset: number) => document.lines.positionAt(offset).line;
  const suppressed = suppressionOf(document.directives, document.blocks.map((b) => ({ open: lineOf(b.region.span.start), close: lineOf(b.region.span.end) })));
  // A part that is not valid YAML gets its syntax errors only: anything else said about it is noise.
  const broken = [document.frontMatter?.part, ...document.blocks].filter((p) => p && isUnreadable(p)).map((p) => p!.region.span);
  const inBroken = (span: Span) => broken.some((b) => b.start <= span.start && span.start <= b.end);
  const diagnostics: Diagnostic[] = [];
  for (const rule of RULES) {
    if (document.oversize && rule.id !== 'file-too-large') continue;
    const severity = settings.rules?.[rule.id] ?? rule.defaultSeverity;
    if (severity === 'off') continue;
    if (rule.appliesTo === 'plans' && document.kind !== 'plan') continue;
    let count = 0;
    let last: Span = { start: 0, end: 0 };
    rule.check({
      document, framework, frameworkResolution, asOf, definitions, unknown,
      report: (finding) => {
        if (rule.id !== 'yaml-syntax' && inBroken(finding.span)) return;
        if (suppressed(rule.id, lineOf(finding.span.start))) return;
        if (++count > MAX_PER_RULE) {
          last = finding.span;
          return;
        }
        diagnostics.push({ ruleId: rule.id, severity, ...finding });
      },
    });
    if (count > MAX_PER_RULE) {
      diagnostics.push({ ruleId: rule.id, severity, span: last, message: `…and ${count - MAX_PER_RULE} more \`${rule.id}\` problems in this file, not listed one by one (the first ${MAX_PER_RULE} are).` });
    }
  }
  return diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.ruleId.localeCompare(b.ruleId));
}
