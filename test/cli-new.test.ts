import { strict as assert } from 'node:assert';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cplan, tempTree, REPO_ROOT } from './helpers/cli.js';
import { financialYearOf, financialYearPeriod, todayDay } from '../server/src/core/periods.js';

interface Message { ruleId: string; severity: number }

function lintJson(dir: string, file: string): Message[] {
  const run = cplan(['lint', file, '--format', 'json'], dir);
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  return (JSON.parse(run.stdout) as { messages: Message[] }[])[0].messages;
}

/**
 * What a draft should be told: each workstream has no metrics yet, the inequalities aim's workstream has no
 * breakdown yet, and (once placeholder-value lands) the `TBC` organisation and leads are still to write.
 */
const DRAFT_FINDINGS = new Set(['missing-metrics', 'missing-inequality-breakdown', 'placeholder-value']);

describe('cplan new', function () {
  this.timeout(60_000);

  it('writes a skeleton for the current financial year, one workstream per aim, that lints with only a draft\'s findings', () => {
    const dir = tempTree({});
    const run = cplan(['new'], dir);
    assert.equal(run.code, 0, run.stderr);
    const text = fs.readFileSync(path.join(dir, 'plan.md'), 'utf8');
    const year = financialYearPeriod(financialYearOf(todayDay())).canonical;
    assert.match(text, new RegExp(`\\nperiod: ${year.replace('/', '\\/')}\\n`));
    assert.match(text, /\nframework: builtin:ncl-cancer-2023-28\n/);
    assert.equal(text.match(/```yaml workstream/g)?.length, 6);
    for (let i = 1; i <= 6; i++) assert.match(text, new RegExp(`aims: \\[SA${i}\\]`));
    const messages = lintJson(dir, 'plan.md');
    assert.deepEqual(messages.filter((m) => !DRAFT_FINDINGS.has(m.ruleId)), []);
    assert.equal(messages.filter((m) => m.ruleId === 'missing-metrics').length, 6);
    assert.equal(messages.filter((m) => m.ruleId === 'missing-inequality-breakdown').length, 1);
  });

  it('takes a file name, a framework file and a period, and never invents milestones, metrics or dates', () => {
    const framework = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'ncl-ltp-framework.md'), 'utf8');
    const dir = tempTree({ 'frameworks/ltp.md': framework });
    const run = cplan(['new', 'plans/screening.md', '--framework', 'frameworks/ltp.md', '--period', '2024/25-2025/26'], dir);
    assert.ok(run.code === 2 && /cannot write plans\/screening\.md \(ENOENT\)/.test(run.stderr), run.stderr);
    fs.mkdirSync(path.join(dir, 'plans'));
    const ok = cplan(['new', 'plans/screening.md', '--framework', 'frameworks/ltp.md', '--period', '24/25-25/26'], dir);
    assert.equal(ok.code, 0, ok.stderr);
    const text = fs.readFileSync(path.join(dir, 'plans', 'screening.md'), 'utf8');
    assert.match(text, /\nid: screening\n/);
    assert.match(text, /\nperiod: 2024\/25-2025\/26\n/);
    assert.match(text, /\nframework: \.\.\/frameworks\/ltp\.md\n/);
    assert.doesNotMatch(text, /due:|Q[1-4] |baseline|target/);
    assert.deepEqual(lintJson(dir, 'plans/screening.md').filter((m) => !DRAFT_FINDINGS.has(m.ruleId)), []);
  });

  it('refuses to overwrite, and says what to write instead for a bad period or framework', () => {
    const dir = tempTree({ 'plan.md': 'mine\n' });
    const again = cplan(['new'], dir);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /plan\.md already exists; cplan new never overwrites a file/);
    assert.equal(fs.readFileSync(path.join(dir, 'plan.md'), 'utf8'), 'mine\n');
    const period = cplan(['new', 'x.md', '--period', 'Q1 2025/26'], dir);
    assert.equal(period.code, 2);
    assert.match(period.stderr, /^cplan: --period `Q1 2025\/26`: .*financial year/);
    const framework = cplan(['new', 'x.md', '--framework', 'builtin:nope'], dir);
    assert.match(framework.stderr, /unknown built-in framework `builtin:nope`; use one of `builtin:ncl-cancer-2023-28`/);
    assert.ok(!fs.existsSync(path.join(dir, 'x.md')));
  });
});

describe('README: cplan on a plans folder of your own', function () {
  this.timeout(240_000);
  const README = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  let work: string;
  let tarball: string;
  const npm = (args: string[], cwd: string) => {
    const run = spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: 200_000 });
    assert.equal(run.status, 0, `npm ${args.join(' ')}: ${run.stderr}`);
    return run.stdout;
  };

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-install-'));
    // As in the README: npm pack in the clone (built), which writes the tarball it names.
    tarball = npm(['pack', '--ignore-scripts', '--silent', '--pack-destination', work], REPO_ROOT).trim().split('\n').pop()!;
    assert.match(README, new RegExp(`npm pack +# writes ${tarball.replace(/[.]/g, '\\.')}`));
  });
  after(() => {
    // npx keeps what it installed for a package spec under the npm cache's _npx; the temporary tarball's is no use again.
    const npx = path.join(npm(['config', 'get', 'cache'], work).trim(), '_npx');
    for (const entry of fs.existsSync(npx) ? fs.readdirSync(npx) : []) {
      const manifest = path.join(npx, entry, 'package.json');
      if (fs.existsSync(manifest) && fs.readFileSync(manifest, 'utf8').includes(path.basename(work))) fs.rmSync(path.join(npx, entry), { recursive: true, force: true });
    }
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('runs with npx and the path of the tarball or the clone, exactly as the README writes it', () => {
    const command: string | undefined = /`(npx --yes --package \/path\/to\/cplan-0\.1\.0\.tgz cplan lint plans\/)` \(or `--package \/path\/to\/cplan`\)/.exec(README)?.[1];
    if (!command) throw new assert.AssertionError({ message: 'the README gives the npx form' });
    const folder = path.join(work, 'npx');
    fs.mkdirSync(path.join(folder, 'plans'), { recursive: true });
    assert.equal(cplan(['new', 'plans/draft.md', '--period', '2025/26'], folder).code, 0);
    for (const [what, written] of [['tarball', path.join(work, tarball)], ['clone', REPO_ROOT]]) {
      const run: SpawnSyncReturns<string> = spawnSync('sh', ['-c', command.replace(/\/path\/to\/cplan-0\.1\.0\.tgz/, written)], {
        cwd: folder,
        encoding: 'utf8',
        timeout: 200_000,
        // The command is the README's; npm's settings keep it offline where the npm cache has the dependencies, and
        // keep npx from running the clone's `prepare` (a full build) over the out/ this test runs from.
        env: { ...process.env, NO_COLOR: '1', npm_config_prefer_offline: 'true', npm_config_ignore_scripts: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
      });
      assert.equal(run.status, 0, `${what}: ${run.stderr}${run.stdout}`);
      assert.match(run.stdout, /plans\/draft\.md[^]*missing-metrics/, what);
    }
  });

  it('installs from a packed tarball with npm install -g into a prefix, and lints a folder outside the repository', () => {
    const prefix = path.join(work, 'prefix');
    npm(['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', path.join(work, tarball)], work);
    const bin = path.join(prefix, 'bin', 'cplan');
    const plans = path.join(work, 'plans');
    fs.mkdirSync(plans);
    const made = spawnSync(bin, ['new', 'draft.md', '--period', '2025/26'], { cwd: plans, encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const lint = spawnSync(bin, ['lint'], { cwd: plans, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(lint.status, 0, lint.stderr + lint.stdout);
    assert.match(lint.stdout, /draft\.md[^]*missing-metrics/);
  });
});
