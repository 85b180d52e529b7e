import type { Rule } from './rule.js';
import { fileTooLarge } from './file-too-large.js';
import { yamlSyntax } from './yaml-syntax.js';
import { frontmatterSchema } from './frontmatter-schema.js';
import { blockSchema } from './block-schema.js';
import { unknownAim } from './unknown-aim.js';
import { unknownPriority } from './unknown-priority.js';
import { unknownWorkstream } from './unknown-workstream.js';
import { duplicateId } from './duplicate-id.js';
import { invalidPeriod } from './invalid-period.js';
import { unresolvedFramework } from './unresolved-framework.js';
import { aimWithoutWorkstream } from './aim-without-workstream.js';
import { aimNotAdopted } from './aim-not-adopted.js';
import { workstreamWithoutAim } from './workstream-without-aim.js';
import { missingMetrics } from './missing-metrics.js';
import { incompleteMetric } from './incomplete-metric.js';
import { placeholderValue } from './placeholder-value.js';
import { overdueMilestone } from './overdue-milestone.js';
import { unscheduledMilestone } from './unscheduled-milestone.js';
import { outsidePlanPeriod } from './outside-plan-period.js';
import { targetBeforeBaseline } from './target-before-baseline.js';
import { missingInequalityBreakdown } from './missing-inequality-breakdown.js';
import { priorityDeadline } from './priority-deadline.js';
import { priorityCadence } from './priority-cadence.js';
import { metricDirection } from './metric-direction.js';
import { actualOutsidePlan } from './actual-outside-plan.js';
import { metricOffTrajectory } from './metric-off-trajectory.js';
import { targetAtRisk } from './target-at-risk.js';
import { metricStale } from './metric-stale.js';
import { dependencyLate } from './dependency-late.js';
import { staleUpdate } from './stale-update.js';
import { ragOverride } from './rag-override.js';
import { unusedDisableDirective } from './unused-disable-directive.js';

/** Every rule, in the order their diagnostics are listed. */
export const RULES: readonly Rule[] = [
  fileTooLarge, yamlSyntax, frontmatterSchema, blockSchema, unresolvedFramework, unknownAim, unknownPriority, unknownWorkstream, duplicateId,
  invalidPeriod, aimWithoutWorkstream, aimNotAdopted, workstreamWithoutAim, missingMetrics, incompleteMetric, placeholderValue, overdueMilestone,
  unscheduledMilestone, priorityDeadline, priorityCadence, outsidePlanPeriod, targetBeforeBaseline, missingInequalityBreakdown,
  metricDirection, actualOutsidePlan, metricOffTrajectory, targetAtRisk, metricStale, dependencyLate, staleUpdate, ragOverride,
  unusedDisableDirective,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.id, rule]));

export const RULE_DOCS_BASE = 'https://github.com/cplan-dev/cplan/blob/main/docs/rules/';

export function ruleDocUrl(id: string): string {
  return `${RULE_DOCS_BASE}${id}.md`;
}

export type { Rule, RuleContext, Unknowns, Severity, RuleSetting, Finding, RelatedLocation, FrameworkResolution } from './rule.js';
