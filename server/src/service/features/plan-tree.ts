import type { Range } from 'vscode-languageserver';
import { isUnscheduled, type Workstream } from '../../core/model.js';
import { overdueness } from '../../core/rules/overdue-milestone.js';
import { toRange } from '../convert.js';
import type { LinkedFile, WorkspaceQuery } from './linked-file.js';

/** The Plan Explorer's data: plans → aims → workstreams → milestones and metrics, with where each is defined. */
export interface PlanNode {
  uri: string;
  id: string;
  title: string;
  errors: number;
  warnings: number;
  aims: AimNode[];
  /** Workstreams that link no aim, shown apart so that nothing is hidden. */
  unlinked: WorkstreamNode[];
}

export interface AimNode {
  id: string;
  title: string;
  uri: string;
  range: Range;
  workstreams: WorkstreamNode[];
}

export interface WorkstreamNode {
  id: string;
  title: string;
  range: Range;
  milestones: MilestoneNode[];
  metrics: { id: string; title: string; complete: boolean; range: Range }[];
}

export interface MilestoneNode {
  id: string;
  title: string;
  status?: string;
  /** The due period in canonical form, or as written when it does not parse (`TBC`). */
  due?: string;
  overdueDays?: number;
  /** Due `TBC`: no date agreed yet, so never overdue (the explorer marks it, as the report lists it apart). */
  unscheduled?: true;
  range: Range;
}

/** Every plan's node, sorted by title; each kept until its plan's linked state changes (it reads framework aims' ids and titles only). */
export function planTree(workspace: WorkspaceQuery): PlanNode[] {
  return workspace.eachLinked('plan-tree', planNode, 'fingerprint').sort((a, b) => a.title.localeCompare(b.title));
}

function planNode(file: LinkedFile): PlanNode | undefined {
  const { document, linked } = file;
  if (document.kind !== 'plan') return undefined;
  const asOf = linked.reviewDate;
  const lines = document.lines;
  const node = (workstream: Workstream): WorkstreamNode => ({
    id: workstream.id,
    title: workstream.title ?? '',
    range: toRange(lines, workstream.idSpan),
    milestones: workstream.milestones.map((m): MilestoneNode => ({
      id: m.id,
      title: m.title ?? '',
      status: m.status?.value,
      due: m.due?.result.ok ? m.due.result.period.canonical : m.due?.text,
      overdueDays: overdueness(m, asOf)?.days,
      ...(isUnscheduled(m) ? { unscheduled: true as const } : {}),
      range: toRange(lines, m.idSpan),
    })),
    metrics: workstream.metrics.map((k) => ({ id: k.id, title: k.title ?? '', complete: linked.metricGaps(k).length === 0, range: toRange(lines, k.idSpan) })),
  });
  const diagnostics = file.diagnostics;
  return {
    uri: file.uri,
    id: document.frontMatter?.id?.value ?? '',
    title: document.frontMatter?.title?.value ?? file.path,
    errors: diagnostics.filter((d) => d.severity === 'error').length,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
    aims: linked.adoptedAims.map((aim) => ({
      id: aim.id,
      title: aim.title ?? '',
      uri: file.uri,
      range: aim.document === document ? toRange(lines, aim.idSpan) : toRange(lines, document.frontMatter?.framework?.span ?? { start: 0, end: 0 }),
      workstreams: linked.servedBy(aim.id).map(node),
    })),
    unlinked: document.workstreams.filter((w) => !w.aims?.length).map(node),
  };
}
