import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { lintFiles, lintText } from '../server/src/index.js';
import { parsePlanDocument } from '../server/src/core/document.js';
import { lintDocument } from '../server/src/core/lint.js';
import { linkDocument, type LinkHost, type LintSettings } from '../server/src/core/link.js';
import { builtinFramework } from '../server/src/core/builtin/index.js';
import { dayFromIso } from '../server/src/core/periods.js';
import type { FrameworkResolution } from '../server/src/core/rules/rule.js';
import { FrameworkResolver } from '../server/src/node/frameworks.js';
import { reportData } from '../server/src/report/data.js';
import { REPO_ROOT, cplan, example } from './helpers/cli.js';
import { AIMS_BLOCK, frameworkDoc, lintFixture, linkWith, plan, workstream } from './helpers/fixture.js';
import { LspClient, exampleWorkspace } from './helpers/lsp.js';
import type { PlanNode } from '../server/src/service/features/plan-tree.js';

/** A host that answers as the CLI would, and counts what it is asked. */
function countingHost(settings: LintSettings = {}, today = dayFromIso('2030-01-01')!) {
  const calls = { resolveFramework: 0, settings: 0, today: 0 };
  const host: LinkHost = {
    resolveFramework: (): FrameworkResolution => (calls.resolveFramework++, { ok: true, document: builtinFramework('ncl-cancer-2023-28')! }),
    settings: () => (calls.settings++, settings),
    today: () => (calls.today++, today),
  };
  return { host, calls };
}

const CLEAN = example('ncl-adt-2025-26.md');
const WITHOUT_AS_OF = CLEAN.replace(/^as_of: .*\n/m, '');

describe('linkDocument: one linked document for the CLI, the library and the server', () => {
  it('asks the host for the framework and the settings once, however many facts are read', () => {
    const { host, calls } = countingHost();
    const linked = linkDocument(parsePlanDocument('/p.md', CLEAN), host);
    lintDocument(linked);
    lintDocument(linked);
    reportData(linked, []);
    void linked.definitions;
    void linked.lintView;
    for (const aim of linked.adoptedAims) linked.servedBy(aim.id);
    assert.deepEqual(calls, { resolveFramework: 1, settings: 1, today: 0 });
    assert.equal(linked.framework?.frontMatter?.id?.value, 'ncl-cancer-2023-28');
  });

  it('reads the clock only when no review date is set anywhere', () => {
    const cases: [string, string, LintSettings, number, string][] = [
      ['the file has as_of', CLEAN, {}, 0, '2025-06-30'],
      ['an override', WITHOUT_AS_OF, { asOf: dayFromIso('2026-01-31') }, 0, '2026-01-31'],
      ['the config has as_of', WITHOUT_AS_OF, { defaultAsOf: dayFromIso('2026-02-28') }, 0, '2026-02-28'],
      ['nothing', WITHOUT_AS_OF, {}, 1, '2030-01-01'],
    ];
    for (const [what, text, settings, reads, date] of cases) {
      const { host, calls } = countingHost(settings);
      const linked = linkDocument(parsePlanDocument('/p.md', text), host);
      lintDocument(linked);
      assert.equal(calls.today, reads, what);
      assert.equal(linked.reviewDate, dayFromIso(date), what);
    }
  });

  it("judges overdue milestones at the host's today, not the machine's", () => {
    const { host } = countingHost({}, dayFromIso('2040-01-01'));
    const overdue = lintDocument(linkDocument(parsePlanDocument('/p.md', WITHOUT_AS_OF), host)).filter((d) => d.ruleId === 'overdue-milestone');
    assert.ok(overdue.length > 0);
    for (const d of overdue) assert.match(d.message, /at the review date 1 Jan 2040/);
  });

  it('works each derived fact out once', () => {
    const linked = linkDocument(parsePlanDocument('/p.md', CLEAN), countingHost().host);
    assert.equal(linked.definitions, linked.definitions);
    assert.equal(linked.adoptedAims, linked.adoptedAims);
    assert.equal(linked.lintView, linked.lintView);
    const metric = linked.document.metrics[0];
    assert.equal(linked.metricGaps(metric), linked.metricGaps(metric));
    const [ws] = linked.document.workstreams;
    const ref = ws.aims![0];
    assert.equal(linked.aimRef(ws, ref.id), ref);
    assert.ok(linked.servedBy(ref.id).includes(ws));
  });

  it('no module of the core reads the clock: only the host does', () => {
    const core = path.join(REPO_ROOT, 'server', 'src', 'core');
    const callers = fs.readdirSync(core, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .filter((file) => /\btodayDay\(\)/.test(fs.readFileSync(path.join(core, file), 'utf8').replace(/export function todayDay\(\)/, '').replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '')));
    assert.deepEqual(callers, []);
  });
});

describe('facts defined once', () => {
  it("an aim read from a framework's aims block that is not valid YAML is not reported unserved", () => {
    const framework = frameworkDoc('---\nkind: commissioning-framework\nid: f\ntitle: F\norganisation: O\nperiod: 2023/24-2027/28\n---\n\n'
      + '```yaml aims\n- id: SA1\n  title: Improve survival\n- id: SA2\n  title: Lung: Targeted Lung Health Checks\n```\n');
    assert.ok(framework.aims.some((aim) => aim.id === 'SA1'), 'the broken block still yields partial aims');
    const linted = lintFixture(plan({ frontMatter: 'framework: ./f.md\n', body: AIMS_BLOCK + workstream('id: WS1\ntitle: T\naims: [A1, A2]\nmetrics: []\n') }), {}, framework);
    assert.deepEqual(linted.of('aim-without-workstream').map((d) => d.message), []);
  });

  it('a metric value written as an empty string is missing for the rule and the report alike', () => {
    const metric = 'metrics:\n  - id: WS1-K1\n    title: FDS\n    unit: "%"\n    baseline: {value: "", period: 2023/24}\n    target: {value: 77, due: Q4 2024/25}\n    source: CWT\n';
    const text = plan({ body: AIMS_BLOCK + workstream(`id: WS1\ntitle: T\naims: [A1, A2]\n${metric}`) });
    const linked = linkWith(parsePlanDocument('/p.md', text));
    const rule = lintDocument(linked).filter((d) => d.ruleId === 'incomplete-metric');
    assert.deepEqual(rule.map((d) => d.data?.missing), [['baseline.value']]);
    assert.deepEqual(reportData(linked, []).metrics.map((m) => m.missing), [['baseline value']]);
  });

  describe('the Plan Explorer over stdio', function () {
    this.timeout(30_000);
    let client: LspClient;
    afterEach(async () => client?.stop());

    it('calls a metric complete exactly when incomplete-metric says nothing of it', async () => {
      const metrics = 'metrics:\n  - id: WS1-K1\n    title: Has no baseline period\n    unit: "%"\n    baseline: {value: 70}\n    target: {value: 77, due: Q4 2024/25}\n    source: CWT\n'
        + '  - id: WS1-K2\n    title: Complete\n    unit: "%"\n    baseline: {value: 70, period: 2023/24}\n    target: {value: 77, due: Q4 2024/25}\n    source: CWT\n';
      const root = exampleWorkspace({ 'gaps.md': plan({ body: AIMS_BLOCK + workstream(`id: WS1\ntitle: T\naims: [A1, A2]\n${metrics}`) }) });
      client = await LspClient.start({ root });
      // Its diagnostics are the signal that the server has indexed the workspace and the buffer.
      const flagged = (await client.pull(await client.open('gaps.md'))).filter((d) => d.code === 'incomplete-metric').map((d) => String(d.message).match(/`(WS1-K\d)`/)![1]);
      assert.deepEqual(flagged, ['WS1-K1']);
      const tree = await client.request<PlanNode[]>('cplan/planTree', {});
      const node = tree.find((p) => p.id === 'test-plan')!;
      const complete = Object.fromEntries(node.aims[0].workstreams[0].metrics.map((m) => [m.id, m.complete]));
      assert.deepEqual(complete, { 'WS1-K1': false, 'WS1-K2': true });
    });
  });
});

describe('the library, lintFiles and the CLI give the same findings', () => {
  it('for every example', async () => {
    const examples = path.join(REPO_ROOT, 'examples');
    const files = fs.readdirSync(examples).filter((f) => f.endsWith('.md')).map((f) => path.join(examples, f)).sort();
    const shape = (m: { ruleId: string; message: string; line: number; column: number; endLine: number; endColumn: number }) => `${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.ruleId} ${m.message}`;

    const cli = JSON.parse(cplan(['lint', 'examples/', '--format', 'json']).stdout) as { filePath: string; messages: Parameters<typeof shape>[0][] }[];
    const byCli = new Map(cli.map((r) => [path.resolve(REPO_ROOT, r.filePath), r.messages.map(shape)]));

    const { results } = await lintFiles(['examples/'], { cwd: REPO_ROOT });
    const byFiles = new Map(results.map((r) => [r.path, r.diagnostics.map((d) => {
      const start = r.document.lines.positionAt(d.span.start);
      const end = r.document.lines.positionAt(d.span.end);
      return shape({ ...d, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 });
    })]));

    const resolver = new FrameworkResolver({ roots: [REPO_ROOT], folders: [], candidates: files });
    const byLibrary = new Map(files.map((file) => [file, lintText(fs.readFileSync(file, 'utf8'), { path: file, resolveFramework: (ref, from) => resolver.resolve(ref, from) }).messages.map(shape)]));

    assert.deepEqual([...byCli.keys()].sort(), files);
    for (const file of files) {
      assert.deepEqual(byFiles.get(file), byCli.get(file), `lintFiles vs CLI: ${file}`);
      assert.deepEqual(byLibrary.get(file), byCli.get(file), `lintText vs CLI: ${file}`);
    }
    assert.ok([...byCli.values()].some((messages) => messages.length > 10), 'the drafts with problems have findings to compare');
  });
});
