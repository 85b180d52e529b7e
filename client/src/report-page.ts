import { randomBytes } from 'node:crypto';
import type { EditorPlanReport } from '../../server/src/service/features/report.js';
import { PICTURE_CSS, escapeHtml as e, renderMatrix, renderTimeline } from '../../server/src/report/pictures.js';
import { EDITOR_PALETTE, paletteCss } from '../../server/src/report/palettes.js';

export type ReportKind = 'matrix' | 'timeline';

/** What the page's script tells the extension: a position to go to, or what it now shows. */
export type PageMessage =
  | { type: 'reveal'; line: number; column: number; file?: 'framework' }
  | { type: 'ready' | 'rendered'; version: number; markers: number; rows: number };

const PAGE_CSS = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px 16px; line-height: 1.4; }
header h2 { font-size: 1.3em; margin: 12px 0 2px; }
header p { margin: 0; }
h3 { font-size: 1.1em; margin: 14px 0 8px; padding-bottom: 3px; border-bottom: 1px solid var(--cplan-grid); }
code { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: 0 3px; }
.hint { margin: 10px 0 0; font-size: 0.9em; }
.matrix th[scope=row] { min-width: 11em; }
.message { margin-top: 24px; }
/* Below this width the labels would be too small to read: the picture scrolls instead. */
figure.timeline { overflow-x: auto; }
.timeline > svg { min-width: 880px; }
`;

/**
 * The inline script: a click (or Enter/Space on a focused marker; table entries are buttons, which click
 * by themselves) on anything with `data-line` asks the extension to reveal it; new content arrives as a
 * message so that the scroll position stays, and each render is acknowledged with what the page shows.
 */
const SCRIPT = `
const vscode = acquireVsCodeApi();
const content = document.getElementById('content');
const shown = (type, version) => vscode.postMessage({ type, version, markers: content.querySelectorAll('g.marker').length, rows: content.querySelectorAll('table.matrix tbody tr').length });
const reveal = (element) => vscode.postMessage({ type: 'reveal', line: Number(element.dataset.line), column: Number(element.dataset.column), file: element.dataset.file });
document.addEventListener('click', (event) => {
  const element = event.target instanceof Element ? event.target.closest('[data-line]') : null;
  if (element) reveal(element);
});
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' && event.key !== ' ') return;
  const element = event.target instanceof Element && event.target.matches('[data-line][tabindex]') ? event.target : null;
  if (!element) return;
  event.preventDefault();
  reveal(element);
});
window.addEventListener('message', (event) => {
  const message = event.data;
  if (message.type !== 'render') return;
  content.innerHTML = message.html;
  content.dataset.version = String(message.version);
  shown('rendered', message.version);
});
shown('ready', Number(content.dataset.version));
`;

const TITLES: Record<ReportKind, string> = { matrix: 'Coverage Matrix', timeline: 'Milestone Timeline' };

export function panelTitle(kind: ReportKind, planName?: string): string {
  return planName ? `${TITLES[kind]}: ${planName}` : TITLES[kind];
}

/** The picture of one plan, with a header saying which plan and at which review date. */
export function reportFragment(kind: ReportKind, report: EditorPlanReport): string {
  const { errors, warnings } = report.counts;
  const counts = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  const header = `<header><h2>${e(report.title)}</h2><p class="muted">${e(report.path)} · review date ${e(report.reviewDateText)} · ${counts}</p></header>`;
  const picture = kind === 'matrix' ? renderMatrix(report, { interactive: true }) : renderTimeline(report, { interactive: true, id: 'timeline' });
  const hint = kind === 'matrix' ? 'Select an aim, a workstream or a ✓ to go to the YAML that defines it.' : 'Select a milestone or a workstream to go to the YAML that defines it.';
  return `${header}\n${picture}\n<p class="hint muted">${hint}</p>`;
}

/** A message in place of the picture, e.g. when the document is not a plan. */
export function messageFragment(text: string): string {
  return `<p class="message">${e(text)}</p>`;
}

/** The whole page, with a CSP that allows only its own nonce'd style and script. */
export function reportPage(cspSource: string, fragment: string, version: number): string {
  const nonce = randomBytes(18).toString('base64');
  const csp = `default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src ${cspSource} data:;`;
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${nonce}">${paletteCss(EDITOR_PALETTE)}\n${PICTURE_CSS}${PAGE_CSS}</style>
</head>
<body>
<main id="content" data-version="${version}">
${fragment}
</main>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>`;
}
