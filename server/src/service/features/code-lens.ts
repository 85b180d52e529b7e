import type { CodeLens } from 'vscode-languageserver';
import { toRange } from '../convert.js';
import type { LinkedFile, WorkspaceQuery } from './linked-file.js';
import { milestoneProgress, plural, progressText, workstreamsServing } from './describe.js';
import { ragOf } from '../../core/rag.js';
import type { Workstream } from '../../core/model.js';

/** Title-only lenses: how each aim is served (across every plan that sees it), and each workstream's RAG and how far it has got. */
export function codeLenses(file: LinkedFile, workspace: WorkspaceQuery): CodeLens[] {
  const document = file.document;
  if (!document.kind || document.oversize) return [];
  const lens = (span: { start: number; end: number }, title: string): CodeLens => ({ range: toRange(document.lines, span), command: { title, command: '' } });
  const lenses: CodeLens[] = [];
  // Every aim of a document is seen by the same documents: asked once.
  const seeing = document.aims.length ? workspace.seeing(document) : [];
  for (const aim of document.aims) {
    const served = workstreamsServing(aim, workspace, seeing);
    const metrics = served.reduce((n, s) => n + s.workstream.metrics, 0);
    lenses.push(lens(aim.idSpan, `served by ${plural(served.length, 'workstream')} · ${plural(metrics, 'metric')}`));
  }
  const asOf = file.linked.reviewDate;
  const rag = (workstream: Workstream) => {
    if (document.kind !== 'plan') return [];
    const { value, override } = ragOf(file.linked, workstream);
    // In words, never a colour alone; an override says so, as the hover does.
    return value ? [`RAG ${value}${override ? ' (set by hand)' : ''}`] : [];
  };
  for (const workstream of document.workstreams) lenses.push(lens(workstream.idSpan, [...rag(workstream), progressText(milestoneProgress(workstream, asOf))].join(' · ')));
  return lenses.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
