/**
 * The library API: lint plans without spawning a process.
 *   import { lintText, lintFiles } from 'cplan';
 */
import { parsePlanDocument } from './core/document.js';
import { lintDocument } from './core/lint.js';
import { linkDocument, type LintSettings } from './core/link.js';
import { BUILTIN_PREFIX, builtinFramework } from './core/builtin/index.js';
import type { FrameworkResolution, RuleSetting } from './core/rules/rule.js';
import type { ReportMessage } from './cli/formatters/types.js';
import type { PlanDocument } from './core/model.js';
import { dayFromIso, todayDay } from './core/periods.js';
import { oneBased } from './cli/report.js';

export { lintFiles, type LintFilesOptions, type LintFilesResult, type FileLintResult } from './node/lint-files.js';
export { parsePlanDocument } from './core/document.js';
export { lintDocument } from './core/lint.js';
export { linkDocument, type Linked, type LinkHost, type LintSettings } from './core/link.js';
export { RULES, ruleDocUrl } from './core/rules/index.js';
export * as periods from './core/periods.js';

export interface LintTextOptions {
  /** Shown in messages and used to resolve relative framework paths. */
  path?: string;
  /** Review date (YYYY-MM-DD) overriding the file's `as_of`. */
  asOf?: string;
  rules?: Record<string, RuleSetting>;
  /** Resolves `framework:` values; by default only `builtin:` frameworks resolve. */
  resolveFramework?: (reference: string, planPath: string) => FrameworkResolution;
}

/** One diagnostic, 1-based, with an exclusive end column (ESLint's convention). */
export type LintMessage = Omit<ReportMessage, 'related'>;

export interface LintTextResult {
  /** undefined when the text is not a plan or framework (and so has no messages). */
  kind?: PlanDocument['kind'];
  messages: LintMessage[];
}

/** Lints one plan or framework given as text; 1-based positions with an exclusive end column. */
export function lintText(text: string, options: LintTextOptions = {}): LintTextResult {
  const document = parsePlanDocument(options.path ?? '<text>', text);
  const settings: LintSettings = { rules: options.rules };
  if (options.asOf !== undefined) {
    settings.asOf = dayFromIso(options.asOf);
    if (settings.asOf === undefined) throw new Error(`asOf \`${options.asOf}\` is not a real date (YYYY-MM-DD)`);
  }
  const linked = linkDocument(document, { resolveFramework: options.resolveFramework ?? builtinOnly, settings: () => settings, today: todayDay });
  const messages = lintDocument(linked).map((d) => ({ ruleId: d.ruleId, severity: d.severity, message: d.message, ...oneBased(document.lines, d.span) }));
  return { kind: document.kind, messages };
}

function builtinOnly(reference: string): FrameworkResolution {
  const builtin = reference.startsWith(BUILTIN_PREFIX) ? builtinFramework(reference.slice(BUILTIN_PREFIX.length)) : undefined;
  return builtin ? { ok: true, document: builtin } : { ok: false, message: `The framework \`${reference}\` cannot be resolved here: lintText resolves only built-in frameworks unless given resolveFramework.` };
}
