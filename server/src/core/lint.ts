import type { Span } from './text.js';
import type { Entity, PlanDocument } from './model.js';
import { entitiesOf } from './model.js';
import { todayDay, type Day } from './periods.js';
import { RULES, type FrameworkResolution, type RelatedLocation, type RuleSetting, type Severity } from './rules/index.js';
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
export function definitionsOf(document: PlanDocument, framework?: PlanDocument): Map<string, Entity[]> {
  const definitions = new Map<string, Entity[]>();
  const add = (entity: Entity) => {
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

/** Past this many findings of one rule in one file, the rest are summed up in one diagnostic: a flood helps nobody. */
export const MAX_PER_RULE = 500;

/** Runs every enabled rule over one linked document. Pure: reads nothing but its arguments. */
export function lintDocument(document: PlanDocument, settings: LintSettings = {}, frameworkResolution?: FrameworkResolution): Diagnostic[] {
  if (!document.kind) return [];
  const framework = frameworkResolution?.ok ? frameworkResolution.document : undefined;
  const definitions = definitionsOf(document, framework);
  const asOf = reviewDateOf(document, settings);
  const lineOf = (offset: number) => document.lines.positionAt(offset).line;
  const suppressed = suppressionOf(document.directives, document.blocks.map((b) => ({ open: lineOf(b.region.span.start), close: lineOf(b.region.span.end) })));
  // A part that is not valid YAML gets its syntax errors only: anything else said about it is noise.
  const broken = [document.frontMatter?.part, ...document.blocks].filter((p) => p && p.yaml.problems.some((problem) => problem.fatal)).map((p) => p!.region.span);
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
      document, framework, frameworkResolution, asOf, definitions,
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
