import type { Span } from '../text.js';
import type { Entity, PlanDocument } from '../model.js';
import type { Day } from '../periods.js';

export type Severity = 'error' | 'warning' | 'info';
export type RuleSetting = Severity | 'off';

export interface RelatedLocation {
  document: PlanDocument;
  span: Span;
  message: string;
}

export interface Finding {
  span: Span;
  message: string;
  related?: RelatedLocation[];
  /** Facts a quick fix needs (suggested ids, days overdue...), kept as plain data. */
  data?: Record<string, unknown>;
}

/** How the plan's `framework:` was resolved by the caller (the CLI reads files, the server its index). */
export type FrameworkResolution =
  | { ok: true; document: PlanDocument }
  | { ok: false; message: string };

export interface RuleContext {
  document: PlanDocument;
  framework?: PlanDocument;
  frameworkResolution?: FrameworkResolution;
  /** The review date. */
  asOf: Day;
  /** Every definition visible from the document (its framework's first), by id. */
  definitions: Map<string, Entity[]>;
  report(finding: Finding): void;
}

export interface Rule {
  id: string;
  defaultSeverity: Severity;
  /** One line, shown in docs, SARIF and `--help`. */
  description: string;
  /** Only plans (with workstreams) or every plan and framework. */
  appliesTo: 'plans' | 'all';
  check(context: RuleContext): void;
}
