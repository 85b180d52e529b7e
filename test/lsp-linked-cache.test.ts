import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { URI } from 'vscode-uri';
import { WorkspaceIndex } from '../server/src/service/workspace.js';
import { readSettings } from '../server/src/lsp/settings.js';
import { dayFromIso } from '../server/src/core/periods.js';
import { LspClient } from './helpers/lsp.js';

function framework(id: string, aim: string): string {
  return `---\nkind: commissioning-framework\nid: ${id}\ntitle: Framework with ${aim}\n---\n\n\`\`\`yaml aims\n- id: ${aim}\n  title: The aim ${aim}\n\`\`\`\n`;
}

function plan(options: { id: string; framework?: string; aim?: string; asOf?: string; due?: string }): string {
  const head = [`kind: commissioning-plan`, `id: ${options.id}`, `title: Plan ${options.id}`, `organisation: Alliance`, `period: 2024/25-2025/26`];
  if (options.framework) head.push(`framework: ${options.framework}`);
  if (options.asOf) head.push(`as_of: ${options.asOf}`);
  const aims = options.aim ? `aims: [${options.aim}]\n` : '';
  return `---\n${head.join('\n')}\n---\n\n\`\`\`yaml workstream\nid: WS1\ntitle: Work\n${aims}milestones:\n  - id: WS1-M1\n    title: A pathway live\n    due: ${options.due ?? 'Q4 2025/26'}\n    status: on-track\n\`\`\`\n`;
}

function write(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
}

describe('language server: linked state and its caches', function () {
  this.timeout(30_000);
  let client: LspClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  /**
   * Two workspace folders whose `.cplanrc.yaml` list different framework folders, outside both, each holding a
   * framework with the same id: each plan must get its own folder's framework, whichever plan is linted first.
   */
  function twoConfigs(): { a: string; b: string } {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-configs-'));
    write(base, {
      'fwA/shared.md': framework('shared', 'AIM-A'),
      'fwB/shared.md': framework('shared', 'AIM-B'),
      'a/.cplanrc.yaml': 'frameworks: ["../fwA"]\n',
      'b/.cplanrc.yaml': 'frameworks: ["../fwB"]\n',
      'a/plan.md': plan({ id: 'plan-a', framework: 'shared', aim: 'AIM-A', asOf: '2025-06-30' }),
      'b/plan.md': plan({ id: 'plan-b', framework: 'shared', aim: 'AIM-B', asOf: '2025-06-30' }),
    });
    return { a: path.join(base, 'a'), b: path.join(base, 'b') };
  }

  for (const first of ['a', 'b'] as const) {
    it(`resolves framework ids with each plan's own config, whichever plan asks first (${first} first)`, async () => {
      const roots = twoConfigs();
      client = await LspClient.start({ root: roots.a, moreRoots: [roots.b] });
      const order = first === 'a' ? [roots.a, roots.b] : [roots.b, roots.a];
      for (const root of order) {
        const uri = URI.file(path.join(root, 'plan.md')).toString();
        await client.open(path.relative(roots.a, path.join(root, 'plan.md')), fs.readFileSync(path.join(root, 'plan.md'), 'utf8'));
        const published = await client.diagnostics(uri, (p) => p.version === 1);
        assert.deepEqual(published.diagnostics.map((d) => d.code).filter((c) => c !== 'missing-metrics'), [], `${uri}: ${JSON.stringify(published.diagnostics.map((d) => d.message))}`);
      }
    });
  }

  it('with no as_of anywhere, a new day re-lints: overdue milestones follow the clock, as hovers do', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-day-'));
    write(root, { 'plan.md': plan({ id: 'no-review-date', due: 'Q4 2024/25' }) });
    let today = dayFromIso('2025-03-31')!;
    const index = new WorkspaceIndex([root], readSettings(undefined), () => today);
    await index.indexFolders();
    const uri = URI.file(path.join(root, 'plan.md')).toString();
    const overdue = () => index.diagnostics(uri).filter((d) => d.ruleId === 'overdue-milestone').length;
    assert.equal(overdue(), 0, 'due by the end of Q4 2024/25: not overdue on its last day');
    assert.equal(index.reviewDate(uri), today);
    today = dayFromIso('2025-04-01')!;
    assert.equal(index.reviewDate(uri), today, 'the review date is the new day');
    assert.equal(overdue(), 1, 'overdue the next day, with no edit in between');
  });

  it('a .cplanrc.yaml that breaks is reported at once, and each distinct problem only once', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-config-'));
    write(root, { '.cplanrc.yaml': 'rules:\n  overdue-milestone: warning\n', 'plan.md': plan({ id: 'configured', asOf: '2025-06-30' }) });
    client = await LspClient.start({ root });
    await client.open('plan.md');
    await client.settled();
    const configUri = client.uri('.cplanrc.yaml');
    const warnings = () => client!.logs.filter((m) => m.startsWith('cplan:') && m.includes('.cplanrc.yaml'));
    assert.deepEqual(warnings(), []);
    fs.writeFileSync(path.join(root, '.cplanrc.yaml'), 'rules: [unclosed\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
    await client.settled();
    assert.equal(warnings().length, 1, `one warning when the config breaks: ${JSON.stringify(client.logs)}`);
    assert.match(warnings()[0], /invalid YAML/);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('plan.md'), type: 2 }] });
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
    await client.settled();
    assert.equal(warnings().length, 1, `the same problem is not shown again: ${JSON.stringify(warnings())}`);
    fs.writeFileSync(path.join(root, '.cplanrc.yaml'), 'rules:\n  no-such-rule: warning\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
    await client.settled();
    assert.equal(warnings().length, 2, `a different problem is shown: ${JSON.stringify(warnings())}`);
  });

  it('a .cplanrc.json or a package.json "cplan" key is a config too; a package.json without one is not', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-config-names-'));
    write(root, { 'package.json': '{"name": "plans"}', 'plan.md': plan({ id: 'configured', asOf: '2026-06-30' }) });
    client = await LspClient.start({ root });
    const uri = await client.open('plan.md');
    let edits = 0;
    /** The codes published for a fresh edit of the plan, after the file events sent before it. */
    const codes = async () => {
      await client!.settled();
      const version = await client!.change(uri, [{ text: client!.read('plan.md') + '\n'.repeat(++edits) }]);
      return (await client!.diagnostics(uri, (p) => p.version === version)).diagnostics.map((d) => d.code);
    };
    assert.ok((await codes()).includes('overdue-milestone'));
    const changed = (name: string, type = 2) => client!.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client!.uri(name), type }] });
    fs.writeFileSync(path.join(root, 'package.json'), '{"name": "plans", "version": "1.0.0"}');
    await changed('package.json');
    assert.ok((await codes()).includes('overdue-milestone'));
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'plans', cplan: { rules: { 'overdue-milestone': 'off' } } }));
    await changed('package.json');
    assert.ok(!(await codes()).includes('overdue-milestone'), 'the package.json cplan key applies');
    fs.writeFileSync(path.join(root, 'package.json'), '{"name": "plans"}');
    await changed('package.json');
    assert.ok((await codes()).includes('overdue-milestone'), 'the key removed, the package.json is no config');
    fs.writeFileSync(path.join(root, '.cplanrc.json'), JSON.stringify({ rules: { 'overdue-milestone': 'off' } }));
    await changed('.cplanrc.json', 1);
    assert.ok(!(await codes()).includes('overdue-milestone'), 'the new .cplanrc.json applies');
    assert.deepEqual(client.logs.filter((m) => m.startsWith('cplan:') && /package\.json|cplanrc/.test(m)), [], 'no config problem shown');
  });

  it('an open framework buffer whose file is deleted on disk still wins: its plans resolve to it', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-open-framework-'));
    write(root, { 'framework.md': framework('local', 'AIM-L'), 'plan.md': plan({ id: 'uses-local', framework: './framework.md', aim: 'AIM-L', asOf: '2025-06-30' }) });
    client = await LspClient.start({ root });
    await client.open('framework.md');
    const planUri = await client.open('plan.md');
    await client.diagnostics(planUri, (p) => p.version === 1);
    fs.unlinkSync(path.join(root, 'framework.md'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('framework.md'), type: 3 }] });
    const text = client.read('plan.md');
    await client.change(planUri, [{ text: text.replace('title: Work', 'title: Work, edited') }]);
    const published = await client.diagnostics(planUri, (p) => p.version === 2);
    const codes = published.diagnostics.map((d) => d.code);
    assert.ok(!codes.includes('unresolved-framework') && !codes.includes('unknown-aim'), JSON.stringify(published.diagnostics.map((d) => d.message)));
  });
});
