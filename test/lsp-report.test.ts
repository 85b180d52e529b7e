import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './helpers/cli.js';
import { BUILTIN_FRAMEWORK_URI, LspClient, exampleWorkspace, positionOf } from './helpers/lsp.js';
import { indexFolder } from './helpers/workspace.js';
import { planReport, type EditorPlanReport } from '../server/src/service/features/report.js';
import type { PlanNode } from '../server/src/service/features/plan-tree.js';

const PLAN = 'ncl-adt-2025-26-with-problems.md';
const CLEAN_PLAN = 'ncl-adt-2025-26.md';
const LTP_PLAN = 'ncl-long-term-plan-cancer.md';

/** The 1-based line of the first line that is exactly `text` (after its indentation). */
function lineOf(source: string, text: string): number {
  const index = source.split('\n').findIndex((line) => line.trim() === text);
  assert.ok(index >= 0, `${text} not found`);
  return index + 1;
}

describe('cplan/report: the data of the editor\'s coverage matrix and milestone timeline', () => {
  it('direct call: the plan as indexed, with the editor\'s diagnostics, framework and review date', async () => {
    const root = exampleWorkspace();
    const workspace = await indexFolder(root);
    const report = planReport(workspace.index.linkedFile(workspace.uri(PLAN)), workspace.index)!;
    assert.equal(report.path, PLAN);
    assert.equal(report.uri, workspace.uri(PLAN));
    assert.equal(report.frameworkUri, BUILTIN_FRAMEWORK_URI);
    assert.equal(report.reviewDate, '2025-06-30');
    assert.equal(report.counts.errors + report.counts.warnings + report.counts.infos, workspace.index.diagnostics(workspace.uri(PLAN)).length);
    // A framework in the workspace is named by its file URI; frameworks and other Markdown have no report.
    const ltp = planReport(workspace.index.linkedFile(workspace.uri(LTP_PLAN)), workspace.index)!;
    assert.equal(ltp.frameworkUri, workspace.uri('ncl-ltp-framework.md'));
    assert.equal(planReport(workspace.index.linkedFile(workspace.uri('ncl-ltp-framework.md')), workspace.index), null);
    assert.equal(planReport(workspace.index.linkedFile(workspace.uri('missing.md')), workspace.index), null);
  });

  describe('over stdio', function () {
    this.timeout(30_000);
    let client: LspClient;
    afterEach(async () => client?.stop());

    it('cplan/planTree (the Plan Explorer) marks the unscheduled milestone, and only it', async () => {
      client = await LspClient.start({ root: exampleWorkspace() });
      const uri = await client.open(PLAN);
      await client.diagnostics(uri, (p) => p.version === 1);
      const tree = await client.request<PlanNode[]>('cplan/planTree', {});
      const plan = tree.find((p) => p.id === 'ncl-adt-2025-26-draft')!;
      const milestones = new Map(plan.aims.flatMap((a) => a.workstreams).flatMap((w) => w.milestones).map((m) => [m.id, m]));
      assert.deepEqual([...milestones.values()].filter((m) => m.unscheduled).map((m) => [m.id, m.due, m.overdueDays]), [['WS2-M2', 'TBC', undefined]]);
      assert.equal(milestones.get('WS2-M1')!.unscheduled, undefined);
    });

    it('returns the matrix rows and timeline markers with the lines that define them, and follows edits', async () => {
      const root = exampleWorkspace({ 'notes.md': '# Notes\n' });
      client = await LspClient.start({ root });
      const text = client.read(CLEAN_PLAN);
      const uri = await client.open(CLEAN_PLAN);
      const report = (await client.request<EditorPlanReport | null>('cplan/report', { uri }))!;
      assert.ok(report);
      assert.deepEqual(report.matrix.rows.map((r) => r.id), ['SA1', 'SA2', 'SA3', 'SA4', 'SA5', 'SA6']);
      // Framework aims sit on the plan's `framework:` line, with their definition in the built-in framework.
      const framework = fs.readFileSync(path.join(REPO_ROOT, 'frameworks', 'ncl-cancer-2023-28.md'), 'utf8');
      for (const row of report.matrix.rows) {
        assert.equal(row.line, lineOf(text, 'framework: builtin:ncl-cancer-2023-28'));
        assert.equal(row.definition!.line, lineOf(framework, `- id: ${row.id}`), row.id);
      }
      const ws1 = report.matrix.columns.find((c) => c.id === 'WS1')!;
      assert.equal(ws1.line, positionOf(text, 'id: WS1\n').line + 1);
      const markers = report.timeline.lanes.flatMap((lane) => lane.markers);
      assert.equal(markers.length, report.timeline.markerCount);
      for (const marker of markers) {
        const expected = positionOf(text, `- id: ${marker.id}\n`, 6);
        assert.deepEqual([marker.line, marker.column], [expected.line + 1, expected.character + 1], marker.id);
      }
      // An edit is in the next answer: a new milestone after WS1-M2.
      const at = positionOf(text, '  - id: WS1-M3');
      await client.change(uri, [{ range: { start: at, end: at }, text: '  - id: WS1-NEW\n    title: Added\n    due: Q2 2025/26\n    status: on-track\n' }]);
      const edited = (await client.request<EditorPlanReport | null>('cplan/report', { uri }))!;
      assert.equal(edited.timeline.markerCount, report.timeline.markerCount + 1);
      const added = edited.timeline.lanes[0].markers.find((m) => m.id === 'WS1-NEW')!;
      assert.equal(added.line, at.line + 1);
      assert.equal(edited.timeline.lanes[0].markers.find((m) => m.id === 'WS1-M4')!.line, markers.find((m) => m.id === 'WS1-M4')!.line + 4);
      // Not a plan: null.
      assert.equal(await client.request('cplan/report', { uri: client.uri('notes.md') }), null);
      assert.equal(await client.request('cplan/report', { uri: client.uri('ncl-ltp-framework.md') }), null);
    });
  });
});
