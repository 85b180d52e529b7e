import path from 'node:path';
import { reportData, type PlanReport } from '../../report/data.js';
import { uriOfPath } from '../uris.js';
import type { LinkedFile, WorkspaceQuery } from './linked-file.js';

/** A plan's report as an editor draws it: `cplan report`'s data plus the URIs its positions are in. */
export interface EditorPlanReport extends PlanReport {
  /** The plan: every position in the report is in it, except those marked as the framework's. */
  uri: string;
  /** The framework's document (for a built-in one its shipped file, or a `cplan-builtin:` URI without it), when it resolves. */
  frameworkUri?: string;
}

/**
 * The report of an indexed plan as it is now (open buffers included), with the diagnostics, framework and
 * review date the editor shows; null when the URI is not an indexed plan.
 */
export function planReport(file: LinkedFile | undefined, workspace: WorkspaceQuery): EditorPlanReport | null {
  if (!file || file.document.kind !== 'plan' || file.document.oversize) return null;
  const { linked } = file;
  const framework = linked.framework;
  const report = reportData(linked, [...file.diagnostics], { path: displayPath(file.path, workspace.workspaceRoots) });
  return { ...report, uri: file.uri, ...(framework ? { frameworkUri: uriOfPath(framework.path) } : {}) };
}

/** Relative to the workspace folder that holds the file, `/`-separated; other paths and URIs as they are. */
function displayPath(filePath: string, roots: readonly string[]): string {
  for (const root of roots) {
    const relative = path.relative(root, filePath);
    if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) return relative.split(path.sep).join('/');
  }
  return filePath;
}
