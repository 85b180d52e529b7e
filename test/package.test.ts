import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, example } from './helpers/cli.js';
import { LspClient } from './helpers/lsp.js';

// The published package (issue 19): only what runs, no dependencies to install (the bundles hold them), type
// declarations for the library; installed from the packed tarball into an empty folder and used from there.

const PLAN = 'ncl-adt-2025-26-with-problems.md';

function npm(args: string[], cwd: string): string {
  const run = spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: 200_000 });
  assert.equal(run.status, 0, `npm ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

describe('the packed package, installed into an empty folder', function () {
  this.timeout(300_000);
  let project: string;
  let files: string[];

  before(() => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-package-'));
    // --ignore-scripts: the test run has built the clone already.
    const packed = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], REPO_ROOT))[0] as { filename: string; files: { path: string }[] };
    files = packed.files.map((f) => f.path);
    project = path.join(work, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'my-plans', private: true, type: 'module' }));
    fs.writeFileSync(path.join(project, PLAN), example(PLAN));
    npm(['install', '--offline', '--no-audit', '--no-fund', path.join(work, packed.filename)], project);
  });

  it('holds only what runs: bundles, declarations, schemas, the framework and the docs; no sources, tests or the VS Code bundle', () => {
    const outside = files.filter((f) => !/^(bin\/|dist\/(cli|server|lib|import)\.mjs$|dist\/types\/.+\.d\.ts$|schemas\/|frameworks\/|docs\/[^/]+\.md$|docs\/rules\/|README\.md$|LICENSE$|package\.json$)/.test(f));
    assert.deepEqual(outside, []);
    for (const needed of ['bin/cplan.js', 'bin/cplan-language-server.js', 'dist/cli.mjs', 'dist/server.mjs', 'dist/lib.mjs', 'dist/types/index.d.ts', 'frameworks/ncl-cancer-2023-28.md']) assert.ok(files.includes(needed), needed);
  });

  it('installs no dependencies and runs no build', () => {
    const installed = fs.readdirSync(path.join(project, 'node_modules')).filter((name) => !name.startsWith('.'));
    assert.deepEqual(installed, ['cplan']);
  });

  it('the CLI writes the Excel workbook (the spreadsheet bundle) and the portfolio site', () => {
    const cli = path.join(project, 'node_modules/.bin/cplan');
    const xlsx = spawnSync(cli, ['report', PLAN, '--format', 'xlsx', '--out', 'plans.xlsx'], { cwd: project, encoding: 'utf8' });
    assert.equal(xlsx.status, 0, xlsx.stderr);
    assert.equal(fs.readFileSync(path.join(project, 'plans.xlsx')).subarray(0, 2).toString('latin1'), 'PK', 'a zip, as .xlsx is');
    const site = spawnSync(cli, ['report', PLAN, '--out', 'site/'], { cwd: project, encoding: 'utf8' });
    assert.equal(site.status, 0, site.stderr);
    assert.match(fs.readFileSync(path.join(project, 'site', 'index.html'), 'utf8'), /<h1>Commissioning plans portfolio<\/h1>/);
    assert.ok(fs.existsSync(path.join(project, 'site', 'plans', PLAN.replace(/\.md$/, '.html'))));
  });

  it('the CLI lints a plan', () => {
    const run = spawnSync(path.join(project, 'node_modules/.bin/cplan'), ['lint', PLAN, '--format', 'json'], { cwd: project, encoding: 'utf8' });
    assert.equal(run.status, 1, run.stderr);
    assert.ok(JSON.parse(run.stdout)[0].messages.some((m: { ruleId: string }) => m.ruleId === 'missing-metrics'));
  });

  it('the library works from JavaScript, as the README shows it', () => {
    const script = `import { lintText, lintFiles } from 'cplan';
import fs from 'node:fs';
const { messages } = lintText(fs.readFileSync('${PLAN}', 'utf8'), { asOf: '2025-06-30' });
const { results } = await lintFiles(['.'], { rules: { 'missing-metrics': 'error' } });
console.log(JSON.stringify({ text: messages.length, files: results.length, error: results[0].diagnostics.find((d) => d.ruleId === 'missing-metrics').severity }));`;
    fs.writeFileSync(path.join(project, 'use.mjs'), script);
    const run = spawnSync(process.execPath, ['use.mjs'], { cwd: project, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.ok(out.text > 5);
    assert.equal(out.files, 1);
    assert.equal(out.error, 'error');
  });

  it('the library type-checks from TypeScript (no TS7016), and a wrong option is a type error', () => {
    const tsc = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
    const config = { compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ['use.ts'] };
    fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify(config));
    fs.writeFileSync(path.join(project, 'use.ts'), `import { lintText, type LintTextResult } from 'cplan';\nconst result: LintTextResult = lintText('---\\nkind: commissioning-plan\\n---\\n', { asOf: '2025-06-30' });\nconst first: string | undefined = result.messages[0]?.ruleId;\nexport { first };\n`);
    // Types from @types/node are the only thing the declarations need from outside; the clone's copy stands in.
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules/@types'), path.join(project, 'node_modules/@types'));
    const ok = spawnSync(process.execPath, [tsc, '-p', '.'], { cwd: project, encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    fs.writeFileSync(path.join(project, 'use.ts'), `import { lintText } from 'cplan';\nlintText('x', { asof: '2025-06-30' });\n`);
    const wrong = spawnSync(process.execPath, [tsc, '-p', '.'], { cwd: project, encoding: 'utf8' });
    assert.notEqual(wrong.status, 0);
    assert.match(wrong.stdout, /use\.ts\(2,\d+\): error TS\d+: .*'asof' does not exist in type 'LintTextOptions'/);
  });

  it('the language server answers over stdio', async () => {
    const client = await LspClient.start({ root: project, server: path.join(project, 'node_modules/cplan/bin/cplan-language-server.js') });
    try {
      const uri = await client.open(PLAN);
      const published = await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
      assert.ok(published.diagnostics.some((d) => d.code === 'missing-metrics'));
    } finally {
      await client.stop();
    }
  });
});
