import type { Span } from '../text.js';
import type { Entity, PlanDocument, Ref } from '../model.js';
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

/**
 * What the linked document cannot know because a part is not valid YAML. Such a part's partial data feeds no
 * rule: like a framework that cannot be read, it may define any id, serve any aim or set any front-matter fact.
 */
export interface Unknowns {
  /** The front matter is not valid YAML: its period, framework and adopted aims are unknown. */
  frontMatter: boolean;
  /** The review date came from nowhere the user set, because the front matter that may hold `as_of` is not valid YAML. */
  reviewDate: boolean;
  /** Kinds of entity that a part which is not valid YAML may define (here or in the framework). */
  kinds: ReadonlySet<Ref['expects']>;
}

export interface RuleContext {
  document: PlanDocument;
  framework?: PlanDocument;
  frameworkResolution?: FrameworkResolution;
  /** The review date. */
  asOf: Day;
  /** Every definition visible from the document (its framework's first), by id; none from a part that is not valid YAML. */
  definitions: Map<string, Entity[]>;
  unknown: Unknowns;
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
