/** The portfolio site of `cplan report plans/ --out site/`: a dashboard page and a board pack per plan. */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError, writeFileReplacing } from '../node/files.js';
import type { PlanReport } from '../report/data.js';
import { renderHtml, type Audience } from '../report/html.js';
import { renderPortfolio } from '../report/portfolio.js';
import { VERSION } from '../version.js';
import { outputTarget } from './report-output.js';

/** `plans/<name>.html` for each plan: its file's name, numbered when two plans share one. */
function pageNames(reports: readonly PlanReport[], files: ReadonlyMap<PlanReport, string>): Map<PlanReport, string> {
  const taken = new Set<string>();
  const names = new Map<PlanReport, string>();
  for (const report of reports) {
    const stem = path.basename(files.get(report)!).replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]+/g, '-') || 'plan';
    let name = stem;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${stem}-${n}`;
    taken.add(name.toLowerCase());
    names.set(report, `plans/${name}.html`);
  }
  return names;
}

/** The portfolio site: `index.html` and a board pack per plan under `plans/`; other files in the folder are left alone. */
export function writePortfolio(reports: PlanReport[], files: ReadonlyMap<PlanReport, string>, folder: string, shown: string, audience: Audience, inputs: readonly string[]): void {
  const pages = pageNames(reports, files);
  try {
    fs.mkdirSync(path.join(folder, 'plans'), { recursive: true });
  } catch (error) {
    throw new UsageError(`cannot write ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const generator = `cplan ${VERSION}`;
  const pageDir = path.join(folder, 'plans');
  const hrefFor = (report: PlanReport) => encodeURI(path.relative(pageDir, files.get(report)!).split(path.sep).join('/'));
  for (const report of reports) {
    const page = path.join(folder, pages.get(report)!);
    const html = renderHtml([report], { title: `Plan report: ${report.title}`, hrefFor, generator, audience, backLink: { href: '../index.html', text: 'Portfolio' } });
    writeFileReplacing(outputTarget(page, path.relative(process.cwd(), page) || page, inputs), html, page);
  }
  const index = path.join(folder, 'index.html');
  const html = renderPortfolio(reports, { pageFor: (report) => encodeURI(pages.get(report)!), generator });
  writeFileReplacing(outputTarget(index, path.relative(process.cwd(), index) || index, inputs), html, index);
}
