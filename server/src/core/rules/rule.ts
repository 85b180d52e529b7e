import type { Span } from '../text.js';
import type { Entity, PlanDocument } from '../model.js';
import type { Day } from '../periods.js';
import type { UnusedDirective } from '../suppress.js';
import type { FrameworkResolution, Linked, RuleSetting, Severity, Unknowns } from '../link.js';

export type { Severity, RuleSetting, FrameworkResolution, Unknowns } from '../link.js';

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

/** The linked document's facts, and the rules' view of it spread out for short access. */
export interface RuleContext {
  linked: Linked;
  document: PlanDocument;
  framework?: PlanDocument;
  frameworkResolution?: FrameworkResolution;
  /** The review date. */
  asOf: Day;
  /** Every definition visible from the document (its framework's first), by id; none from a part that is not valid YAML. */
  definitions: Map<string, Entity[]>;
  unknown: Unknowns;
  /** For a rule that runs after the others: the suppression comments that silenced none of their findings. */
  unusedDirectives?: readonly UnusedDirective[];
  report(finding: Finding): void;
}

export interface Rule {
  id: string;
  /** `off`: a rule one turns on (in `.cplanrc.yaml`, with `--rule`, or its own flag). */
  defaultSeverity: RuleSetting;
  /** One line, shown in docs, SARIF and `--help`. */
  description: string;
  /** Only plans (with workstreams) or every plan and framework. */
  appliesTo: 'plans' | 'all';
  /** What of its findings `cplan lint --fix` fixes (those needing no choice; see core/format/safe-fixes.ts), as the rule page says it. */
  fixable?: string;
  /** Runs once every other rule has reported (it judges their results). */
  afterOthers?: true;
  check(context: RuleContext): void;
}
