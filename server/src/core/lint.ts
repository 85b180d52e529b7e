import type { Span } from './text.js';
import { isUnreadable } from './model.js';
import type { Linked } from './link.js';
import { RULES, type RelatedLocation, type Severity } from './rules/index.js';
import { suppressionOf } from './suppress.js';

export type { LintSettings } from './link.js';

export interface Diagnostic {
  ruleId: string;
  severity: Severity;
  message: string;
  span: Span;
  related?: RelatedLocation[];
  data?: Record<string, unknown>;
}

/** Past this many findings of one rule in one file, the rest are summed up in one diagnostic: a flood helps nobody. */
export const MAX_PER_RULE = 500;

/** Runs every enabled rule over one linked document. Pure: reads nothing but its argument. */
export function lintDocument(linked: Linked): Diagnostic[] {
  const { document, settings, frameworkResolution, reviewDate: asOf } = linked;
  if (!document.kind) return [];
  const { framework, definitions, unknown } = linked.lintView;
  const lineOf = (offset: number) => document.lines.positionAt(offset).line;
  // `--no-inline-config`: the file's own suppression comments count for nothing.
  const directives = settings.inlineConfig === false ? [] : document.directives;
  const suppression = suppressionOf(directives, document.blocks.map((b) => ({ open: lineOf(b.region.span.start), close: lineOf(b.region.span.end) })));
  // A part that is not valid YAML gets its syntax errors only: anything else said about it is noise.
  const broken = [document.frontMatter?.part, ...document.blocks].filter((p) => p && isUnreadable(p)).map((p) => p!.region.span);
  const inBroken = (span: Span) => broken.some((b) => b.start <= span.start && span.start <= b.end);
  const diagnostics: Diagnostic[] = [];
  // A rule about the others' results (unused suppression comments) runs once they have all reported.
  for (const rule of [...RULES.filter((r) => !r.afterOthers), ...RULES.filter((r) => r.afterOthers)]) {
    if (document.oversize && rule.id !== 'file-too-large') continue;
    const severity = settings.rules?.[rule.id] ?? rule.defaultSeverity;
    if (severity === 'off') continue;
    if (rule.appliesTo === 'plans' && document.kind !== 'plan') continue;
    let count = 0;
    let last: Span = { start: 0, end: 0 };
    rule.check({
      linked, document, framework, frameworkResolution, asOf, definitions, unknown,
      unusedDirectives: rule.afterOthers ? suppression.unused() : undefined,
      report: (finding) => {
        if (rule.id !== 'yaml-syntax' && inBroken(finding.span)) return;
        if (suppression.suppressed(rule.id, lineOf(finding.span.start))) return;
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
