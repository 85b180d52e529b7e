import { renderPortfolio } from '../../report/portfolio.js';
import type { WorkspaceQuery } from './linked-file.js';
import { planReport } from './report.js';

/** The portfolio dashboard of the workspace, as `cplan report --portfolio` draws it, for the editor's Portfolio view. */
export interface EditorPortfolio {
  /** The dashboard page; each plan's link is `#cplan-open:N`, N its index in `plans`. */
  html: string;
  plans: { uri: string; title: string }[];
}

export const OPEN_LINK = '#cplan-open:';

export function portfolio(workspace: WorkspaceQuery): EditorPortfolio {
  // Each plan's report kept until its linked state changes: the view is drawn again after every change of diagnostics.
  const reports = workspace.eachLinked('portfolio', (file) => planReport(file, workspace) ?? undefined)
    .sort((a, b) => a.title.localeCompare(b.title) || a.uri.localeCompare(b.uri));
  const index = new Map(reports.map((report, i) => [report, i]));
  const html = renderPortfolio(reports, { title: 'Commissioning plans in this workspace', pageFor: (report) => `${OPEN_LINK}${index.get(report as (typeof reports)[number])}` });
  return { html, plans: reports.map((report) => ({ uri: report.uri, title: report.title })) };
}
