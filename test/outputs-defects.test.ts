import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cplan, tempTree, example, CPLAN, REPO_ROOT } from './helpers/cli.js';
import { lintText } from '../server/src/index.js';

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

const SERVER = path.join(REPO_ROOT, 'bin', 'cplan-language-server.js');

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

describe('outputs: no stack traces (issue 13, item 8)', () => {
  /** A big workspace: every format writes well over a pipe's buffer for it. */
  const big = tempTree(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`p${i}.md`, example('ncl-long-term-plan-cancer.md').replace('id: ncl-long-term-plan', `id: ncl-long-term-plan-${i}`)])));
  const piped = (args: string[]) => spawnSync('bash', ['-o', 'pipefail', '-c', '"$0" "$1" "${@:2}" | head -c 100 > /dev/null', process.execPath, CPLAN, ...args], { cwd: big, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });

  for (const format of ['stylish', 'json', 'sarif', 'github', 'gitlab']) {
    it(`cplan lint --format ${format} | head exits quietly`, function () {
      this.timeout(60_000);
      const full = spawnSync(process.execPath, [CPLAN, 'lint', '--format', format, '--as-of', '2025-06-30', '.'], { cwd: big, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });
      assert.equal(full.stderr, '');
      assert.ok(full.stdout.length > 256 * 1024, 'more than a pipe holds');
      const run = piped(['lint', '--format', format, '--as-of', '2025-06-30', '.']);
      assert.equal(run.stderr, '');
      assert.equal(run.status, full.status);
      assert.ok(full.status === 0 || full.status === 1, 'the run itself went well');
    });
  }

  for (const format of ['html', 'md', 'json']) {
    it(`cplan report --format ${format} | head exits quietly`, function () {
      this.timeout(60_000);
      const run = piped(['report', '--format', format, '--as-of', '2025-06-30', '.']);
      assert.equal(run.stderr, '');
      assert.equal(run.status, 0);
    });
  }

  it('cplan-language-server --help prints its usage; --version the version; an unknown argument one line', () => {
    const help = spawnSync(process.execPath, [SERVER, '--help'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(help.status, 0);
    assert.equal(help.stderr, '');
    for (const option of ['--stdio', '--node-ipc', '--socket=N', '--version']) assert.ok(help.stdout.includes(option), option);
    const version = spawnSync(process.execPath, [SERVER, '--version'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(version.status, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\S*\n$/);
    const bad = spawnSync(process.execPath, [SERVER, '--stdoi'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(bad.status, 2);
    assert.equal(bad.stdout, '');
    assert.equal(bad.stderr.trimEnd().split('\n').length, 1, bad.stderr);
    assert.match(bad.stderr, /--stdoi/);
  });
});

describe('outputs: cplan-language-server transports (issue 13, item 8)', () => {
  it('--socket=N still starts the server, which connects to the port', async function () {
    this.timeout(30_000);
    const listener = net.createServer();
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const port = (listener.address() as net.AddressInfo).port;
    const child = spawn(process.execPath, [SERVER, `--socket=${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      const socket = await new Promise<net.Socket>((resolve, reject) => {
        listener.once('connection', resolve);
        child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
      });
      socket.destroy();
    } finally {
      child.kill();
      listener.close();
    }
  });

  it('a bad --socket value or no transport at all: one line, exit 2', () => {
    for (const args of [['--socket=abc'], [], ['--clientProcessId=12']]) {
      const run = spawnSync(process.execPath, [SERVER, ...args], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(run.status, 2, args.join(' '));
      assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
      assert.match(run.stderr, /^cplan-language-server: .*(--stdio|--socket=N)/);
    }
  });
});

describe('outputs: YAML messages (issue 13, item 8)', () => {
  const planWith = (block: string) => example('ncl-adt-2025-26.md') + `\n\`\`\`yaml workstream\n${block}\`\`\`\n`;
  const yamlMessages = (block: string) =>
    lintText(planWith(block), { asOf: '2025-06-30' }).messages.filter((m) => m.ruleId === 'yaml-syntax' || m.ruleId === 'block-schema').map((m) => m.message);

  it('deeply nested YAML gets the nesting diagnostic only', () => {
    for (const block of ['id: WS9\nx: ' + '['.repeat(3000) + ']'.repeat(3000) + '\n', 'id: WS9\n' + Array.from({ length: 1500 }, (_, i) => ' '.repeat(i) + 'a:').join('\n') + ' 1\n']) {
      const messages = yamlMessages(block);
      assert.deepEqual(messages.filter((m) => !/nested more than 64 levels/.test(m)), []);
      assert.equal(messages.length, 1, JSON.stringify(messages));
    }
  });

  it('several documents in one block: a block holds one YAML document and --- ends it', () => {
    const [message, ...rest] = yamlMessages('id: WS9\ntitle: One\n---\nid: WS10\ntitle: Two\n');
    assert.deepEqual(rest, []);
    assert.doesNotMatch(message, /parseAllDocuments/);
    assert.match(message, /one YAML document/);
    assert.match(message, /`---`/);
    assert.match(message, /new (```yaml )?block/);
  });

  it('an alias as a key says what to write instead', () => {
    for (const block of ['id: WS9\ntitle: &t Title\n*t: 1\n', 'id: WS9\ntitle: &t Title\n? *t\n: 1\n']) {
      const messages = yamlMessages(block);
      assert.equal(messages.length, 1, JSON.stringify(messages));
      assert.match(messages[0], /alias/i);
      assert.match(messages[0], /`\*t`/);
      assert.doesNotMatch(messages[0], /lists or mappings|Implicit map keys/);
    }
  });

  it('says every common YAML mistake in plain words, with what to write instead', () => {
    const cases: [string, RegExp][] = [
      ['id: WS9\nmilestones:\n\t- id: M1\n', /tab indents this line.*spaces/i],
      ['id: WS9\ntitle: Lung: TLHC\n', /contains `: `.*quotes.*"Lung: Targeted/i],
      ['id: WS9\ntitle: "Lung\n', /no closing `"`/i],
      ["id: WS9\ntitle: 'Lung\n", /no closing `'`/i],
      ['id: WS9\nx:\n    b: 1\n  c: 2\n', /keys of one mapping must start at the same column/i],
      ['id: WS9\naims: [SA1, SA2\ntitle: T\n', /`\[\.\.\.\]` list is not closed: end it with `\]`/i],
      ['id: WS9\nbaseline: {value: 1, period: 2024/25\ntitle: T\n', /`\{\.\.\.\}` mapping is not closed/i],
      ['id: WS9\nlead: @jane\n', /cannot start with `@` unless it is quoted/i],
      ['id: WS9\nlead: `jane`\n', /cannot start with `` ` `` unless|cannot start with `\``/i],
      ['id: WS9\ntitle: "a\\qb"\n', /`\\q` is not an escape/i],
      ['id: WS9\ntitle\n', /not `key: value`: add `: ` after the key/i],
      ['id: WS9\ntitle: "T"#note\n', /`#` comment needs a space before it/i],
      ['id: WS9\naims: [\n  - SA1\n]\n', /separate the items with commas/i],
      ['id: WS9\naims: [SA1,,SA2]\n', /empty item: remove the extra comma/i],
      ['id: WS9\ntitle: "A" B\n', /text follows a value that has already ended/i],
      ['id: WS9\nlead: *nobody\n', /`\*nobody` is a YAML alias, but no anchor `&nobody` comes before it/i],
      ['id: WS9\ndesc: | extra\n  text\n', /may follow `\|` or `>`/i],
      ['id: WS9\n? [a, b]\n: 1\n', /key must be plain text followed by `:` \(`title: \.\.\.`\), not a list/i],
      ['id: WS9\ntitle: One\n...\nid: WS10\n', /one YAML document, and a `---` or `\.\.\.` line ends it/i],
    ];
    for (const [block, expected] of cases) {
      const messages = yamlMessages(block);
      assert.ok(messages.some((m) => expected.test(m)), `${JSON.stringify(block)}: ${JSON.stringify(messages)}`);
      for (const m of messages) assert.doesNotMatch(m, /Implicit|compact mapping|flow (sequence|map|collection)|block-seq-ind|token|scalar|parseAllDocuments/i, `${JSON.stringify(block)}: ${m}`);
    }
  });
});
