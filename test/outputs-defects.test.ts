import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cplan, tempTree, example, REPO_ROOT } from './helpers/cli.js';

// Issue 13, items 6-8: what the CLI writes (fingerprints, SARIF, ESLint JSON, github, stylish) and how it fails.

interface SarifResult {
  ruleId: string;
  message: { text: string };
  partialFingerprints: { primaryLocationLineHash: string };
  relatedLocations?: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[];
}
interface Sarif {
  runs: { tool: { driver: { name: string; fullName?: string } }; automationDetails?: { id: string }; originalUriBaseIds: Record<string, { uri: string }>; results: SarifResult[] }[];
}

function sarifOf(args: string[], cwd: string): Sarif {
  const run = cplan(['lint', '--format', 'sarif', ...args], cwd);
  assert.equal(run.stderr, '');
  return JSON.parse(run.stdout) as Sarif;
}

function gitlabOf(args: string[], cwd: string): { check_name: string; description: string; fingerprint: string }[] {
  const run = cplan(['lint', '--format', 'gitlab', ...args], cwd);
  assert.equal(run.stderr, '');
  return JSON.parse(run.stdout);
}

/** The examples in a throwaway folder, so that tests can edit them. */
function examplesCopy(): string {
  const names = fs.readdirSync(path.join(REPO_ROOT, 'examples')).filter((n) => n.endsWith('.md'));
  return tempTree(Object.fromEntries(names.map((n) => [n, example(n)])));
}

describe('outputs: fingerprints (issue 13, item 6)', () => {
  const dir = examplesCopy();
  const plan = 'ncl-primary-care-cancer.md';

  it('SARIF and GitLab fingerprints do not change with the review date', () => {
    const june = sarifOf(['--as-of', '2025-06-30', plan], dir).runs[0].results;
    const july = sarifOf(['--as-of', '2025-07-31', plan], dir).runs[0].results;
    assert.ok(june.length >= 5, 'several overdue milestones');
    assert.notEqual(june[0].message.text, july[0].message.text, 'the messages count the days overdue');
    assert.deepEqual(july.map((r) => r.partialFingerprints.primaryLocationLineHash), june.map((r) => r.partialFingerprints.primaryLocationLineHash));
    const gJune = gitlabOf(['--as-of', '2025-06-30', plan], dir);
    const gJuly = gitlabOf(['--as-of', '2025-07-31', plan], dir);
    assert.deepEqual(gJuly.map((i) => i.fingerprint), gJune.map((i) => i.fingerprint));
  });

  it('SARIF and GitLab fingerprints survive unrelated edits: lines above, a new milestone, a new workstream', () => {
    const draft = 'ncl-adt-2025-26-with-problems.md';
    const hashes = (d: string) => sarifOf([draft], d).runs[0].results.map((r) => r.partialFingerprints.primaryLocationLineHash);
    const prints = (d: string) => gitlabOf([draft], d).map((i) => i.fingerprint);
    const edited = examplesCopy();
    const text = fs.readFileSync(path.join(edited, draft), 'utf8');
    const afterFrontMatter = text.indexOf('\n---\n', 4) + 5;
    const milestones = text.indexOf('milestones:\n') + 'milestones:\n'.length;
    const indent = /^( *)- id:/m.exec(text.slice(milestones))![1];
    const milestone = `${indent}- id: NEW-M0\n${indent}  title: An extra milestone, done\n${indent}  due: Q1 2024/25\n${indent}  status: done\n${indent}  done_on: 2024-06-01\n`;
    // WS0 is one edit away from the unknown WS9 and sorts first, so it joins that message's "did you mean" list.
    const workstream = example('ncl-adt-2025-26.md').match(/```yaml workstream\nid: WS1\n[\s\S]*?```\n/)![0].replace(/WS1/g, 'WS0');
    fs.writeFileSync(path.join(edited, draft), text.slice(0, afterFrontMatter) + '\nA new paragraph\nover three\nlines.\n' + text.slice(afterFrontMatter, milestones) + milestone + text.slice(milestones) + '\n' + workstream);
    const unknown = (d: string) => sarifOf([draft], d).runs[0].results.find((r) => r.ruleId === 'unknown-workstream')!.message.text;
    assert.notEqual(unknown(edited), unknown(dir), 'the edit changes the suggestions');
    const after = new Set(hashes(edited));
    for (const hash of hashes(dir)) assert.ok(after.has(hash), `SARIF fingerprint ${hash} kept`);
    const gAfter = new Set(prints(edited));
    for (const print of prints(dir)) assert.ok(gAfter.has(print), `GitLab fingerprint ${print} kept`);
  });

  it('gives every finding of the examples its own fingerprint, two of one rule on one entity included', () => {
    const results = sarifOf(['--as-of', '2025-06-30', '.'], dir).runs[0].results;
    const hashes = results.map((r) => r.partialFingerprints.primaryLocationLineHash);
    assert.equal(new Set(hashes).size, hashes.length);
    const issues = gitlabOf(['--as-of', '2025-06-30', '.'], dir);
    assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length);

    const twice = tempTree({ 'p.md': example('ncl-adt-2025-26.md').replace(/aims: \[SA1, SA3\]/, 'aims: [SA1, SA8, SA9]') });
    const unknown = sarifOf(['--as-of', '2025-06-30', 'p.md'], twice).runs[0].results.filter((r) => r.ruleId === 'unknown-aim');
    assert.equal(unknown.length, 2);
    assert.notEqual(unknown[0].partialFingerprints.primaryLocationLineHash, unknown[1].partialFingerprints.primaryLocationLineHash);
  });

  it('points SARIF related locations in a built-in framework at the shipped file', () => {
    const log = sarifOf(['--as-of', '2025-06-30', 'ncl-adt-2025-26-with-problems.md'], dir);
    const related = log.runs[0].results.flatMap((r) => r.relatedLocations ?? []).map((l) => l.physicalLocation.artifactLocation);
    assert.ok(related.length > 0);
    for (const location of related) {
      assert.doesNotMatch(location.uri, /builtin/);
      const base = location.uriBaseId ? log.runs[0].originalUriBaseIds[location.uriBaseId].uri : undefined;
      const file = fileURLToPath(new URL(location.uri, base));
      assert.ok(fs.existsSync(file), `${location.uri} is a real file`);
    }
    assert.ok(related.some((l) => l.uri.endsWith('frameworks/ncl-cancer-2023-28.md')));
  });

  describe('SARIF Multitool', function () {
    this.timeout(120_000);
    const require = createRequire(import.meta.url);
    const multitool = require('@microsoft/sarif-multitool') as string;

    /** The multitool's own findings on a log, from its SARIF output (rule kinds as passed to --rule-kind). */
    function validate(logFile: string, ruleKinds?: string): { ruleId: string; level: string; text: string }[] {
      const out = path.join(path.dirname(logFile), `validation-${ruleKinds ?? 'default'}.sarif`);
      const args = ['validate', logFile, '--output', out, '--log', 'ForceOverwrite', '--level', 'Error;Warning;Note'];
      if (ruleKinds) args.push('--rule-kind', ruleKinds);
      const run = spawnSync(multitool, args, { encoding: 'utf8', timeout: 100_000 });
      assert.equal(run.status, 0, run.stdout + run.stderr);
      const log = JSON.parse(fs.readFileSync(out, 'utf8')) as { runs: { results: { ruleId: string; level: string; message: { text?: string; id?: string } }[]; invocations: { executionSuccessful: boolean }[] }[] };
      assert.equal(log.runs[0].invocations[0].executionSuccessful, true);
      return log.runs[0].results.map((r) => ({ ruleId: r.ruleId, level: r.level ?? 'warning', text: r.message.text ?? r.message.id ?? '' }));
    }

    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-sarif-'));
    const logFile = path.join(folder, 'cplan.sarif');
    const azureLogFile = path.join(folder, 'cplan-azure.sarif');
    /** What an Azure Pipelines agent sets for a job, as GitHub Advanced Security for Azure DevOps reads it. */
    const AZURE_ENV = {
      TF_BUILD: 'True',
      SYSTEM_COLLECTIONURI: 'https://dev.azure.com/nhs-ncl/',
      SYSTEM_TEAMPROJECT: 'Cancer Alliance',
      SYSTEM_DEFINITIONID: '42',
      BUILD_DEFINITIONNAME: 'plans-ci',
      SYSTEM_PHASEID: '3dc8fd7e-4368-5a92-293e-d53cefc8c4b3',
      SYSTEM_PHASENAME: 'lint',
      BUILD_SOURCEBRANCH: 'refs/heads/main',
      BUILD_BUILDID: '1234',
    };
    before(() => {
      fs.writeFileSync(logFile, cplan(['lint', '--format', 'sarif', '--as-of', '2025-06-30', 'examples/'], REPO_ROOT, { TF_BUILD: '' }).stdout);
      fs.writeFileSync(azureLogFile, cplan(['lint', '--format', 'sarif', '--as-of', '2025-06-30', 'examples/'], REPO_ROOT, AZURE_ENV).stdout);
    });

    for (const kinds of [undefined, 'Sarif', 'Gh']) {
      it(`finds no error or warning in the SARIF of the examples (rule kinds: ${kinds ?? 'default'})`, () => {
        const found = validate(logFile, kinds).filter((r) => r.level === 'error' || r.level === 'warning');
        assert.deepEqual(found, []);
      });
    }

    for (const kinds of ['Ado', 'Sarif;Gh;Ado']) {
      it(`finds no error or warning in the SARIF of the examples written in an Azure Pipelines job (rule kinds: ${kinds})`, () => {
        const found = validate(azureLogFile, kinds).filter((r) => r.level === 'error' || r.level === 'warning');
        assert.deepEqual(found, []);
      });
    }

    it('outside Azure Pipelines the run still has automationDetails and driver.fullName; the check of both is real', () => {
      assert.deepEqual(validate(logFile, 'Ado').filter((r) => r.ruleId === 'GHAzDO1014' || r.ruleId === 'GHAzDO1018'), []);
      const log = JSON.parse(fs.readFileSync(logFile, 'utf8')) as Sarif;
      assert.equal(log.runs[0].automationDetails?.id, 'cplan/lint/');
      assert.match(log.runs[0].tool.driver.fullName ?? '', /^cplan /);
      const azure = JSON.parse(fs.readFileSync(azureLogFile, 'utf8')) as Sarif;
      assert.equal(azure.runs[0].automationDetails?.id, 'azuredevops/pipeline/build/nhs-ncl/Cancer Alliance/42/3dc8fd7e-4368-5a92-293e-d53cefc8c4b3/refs/heads/main/1234');
      delete azure.runs[0].automationDetails;
      delete azure.runs[0].tool.driver.fullName;
      const stripped = path.join(folder, 'stripped.sarif');
      fs.writeFileSync(stripped, JSON.stringify(azure));
      const errors = validate(stripped, 'Ado').filter((r) => r.level === 'error').map((r) => r.ruleId);
      assert.deepEqual(errors.sort(), ['GHAzDO1014', 'GHAzDO1018']);
    });
  });
});

describe('outputs: json, github and stylish (issue 13, item 7)', () => {
  it('json counts infos in warningCount, as ESLint counts every severity 1, and keeps infoCount', () => {
    const dir = tempTree({ 'p.md': example('ncl-primary-care-cancer.md') });
    const run = cplan(['lint', '--format', 'json', '--as-of', '2025-06-30', '--rule', 'overdue-milestone=info', 'p.md'], dir);
    const [result] = JSON.parse(run.stdout) as { messages: { severity: number }[]; warningCount: number; errorCount: number; infoCount: number }[];
    assert.ok(result.infoCount > 0);
    assert.equal(result.warningCount, result.messages.filter((m) => m.severity === 1).length);
    assert.equal(result.errorCount, result.messages.filter((m) => m.severity === 2).length);
  });

  it('github paths are relative to the git root, so a step with working-directory annotates the right file', () => {
    const repo = tempTree({ 'plans/north/p.md': example('ncl-adt-2025-26-with-problems.md') });
    fs.mkdirSync(path.join(repo, '.git'));
    const run = cplan(['lint', '--format', 'github', '--as-of', '2025-06-30', '.'], path.join(repo, 'plans'));
    const files = new Set([...run.stdout.matchAll(/file=([^,]+),/g)].map((m) => m[1]));
    assert.deepEqual([...files], ['plans/north/p.md']);
    // without a repository, relative to the current folder, as SARIF
    const loose = tempTree({ 'north/p.md': example('ncl-adt-2025-26-with-problems.md') });
    const plain = cplan(['lint', '--format', 'github', '--as-of', '2025-06-30', '.'], loose);
    assert.deepEqual([...new Set([...plain.stdout.matchAll(/file=([^,]+),/g)].map((m) => m[1]))], ['north/p.md']);
  });

  it('stylish escapes a newline and other control characters in a file name', () => {
    const name = 'odd\nname\u001b[31m\tx.md';
    const dir = tempTree({ [name]: example('ncl-adt-2025-26-with-problems.md') });
    const run = cplan(['lint', '--as-of', '2025-06-30', '.'], dir);
    assert.equal(run.code, 1);
    const lines = run.stdout.split('\n');
    assert.equal(lines[1], 'odd\\nname\\u001b[31m\\tx.md');
    assert.doesNotMatch(run.stdout, /\u001b/);
    assert.ok(lines.slice(2).every((l) => l === '' || l.startsWith('  ') || l.startsWith('\u2716')), 'every other line is a row or the summary');
  });
});
