#!/usr/bin/env node
// `npm run bench` (issue 6): cplan against its peers and the YAML floor as whole processes, the growth of the
// CLI's cost with the number of plans, and the language server over stdio with a real JSON-RPC client.
//
//   node bench/run.mjs            the full benchmark (several minutes)
//   node bench/run.mjs --quick    smoke mode: tiny corpora, one run each, no verdicts (a few seconds)
//   options: --json FILE (where the figures go; default a file in the temp folder), --keep (keep the corpora),
//            --only cli|server|reports (one part only; reports: cplan report against lint, issue 16)
//
// Corpora are generated (seeded, bench/corpus.mjs) into a temp folder and deleted afterwards.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, SHARED_AIM, bigPlan, generateCorpus, mulberry32 } from './corpus.mjs';
import { CancellationTokenSource } from 'vscode-languageserver-protocol/node';
import { LspClient, now, uriOf } from './lsp-client.mjs';
import { measureReports, reportRows } from './reports.mjs';

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const KEEP = args.includes('--keep');
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined; // cli | server | cache
const jsonArg = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const SEED = 6;

const CONFIG = QUICK
  ? { plans: 20, runs: 1, growth: [[10, 1], [20, 1], [40, 1]], bigLines: 1500, edits: 20, requests: 10, renames: 2, renamePlans: 40, titleKeystrokes: 5, created: 20, idlePlans: 20, idleMs: 3000 }
  : { plans: 1000, runs: 5, growth: [[100, 5], [1000, 5], [10000, 3]], bigLines: 15000, edits: 200, requests: 100, renames: 5, renamePlans: 10000, titleKeystrokes: 20, created: 1000, idlePlans: 10000, idleMs: 60000 };
/** vscode-languageclient pulls the workspace's diagnostics again this long after each answer. */
const WORKSPACE_PULL_INTERVAL_MS = 2000;
const EDIT_INTERVAL_MS = 30;

const TARGETS = {
  vsMarkdownlint: 1.0, vsFloor: 2.5, growth: 1.5, keystrokeP95: 50, requestP95: 20, renameMs: 1000, rssMb: 200, coldStartMs: 1000,
  frameworkLensP95: 50, frameworkHoverP95: 20, titleEditRepublished: 0, rssMbAtRenamePlans: 400,
  firstAnswerMs: 1000, createdMs: 5000, keystrokeDuringEventsMs: 200, idleCpuPercent: 1, cachedRun: 0.2, diffVsLint: 2,
};

const CPLAN = path.join(REPO_ROOT, 'bin', 'cplan.js');
const MARKDOWNLINT = path.join(REPO_ROOT, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs');
const REMARK = path.join(REPO_ROOT, 'node_modules', 'remark-cli', 'cli.js');
const FLOOR = path.join(REPO_ROOT, 'bench', 'floor.mjs');

const log = (message) => process.stderr.write(`${message}\n`);
const failures = [];
const benchStarted = now();

// ---------------------------------------------------------------------------------------------------------
// Statistics and formatting.

const sorted = (xs) => [...xs].sort((a, b) => a - b);
/** Nearest-rank quantile: p95 of 200 samples is the 190th smallest. */
function quantile(xs, q) {
  const s = sorted(xs);
  if (!s.length) return NaN;
  return s[Math.max(0, Math.min(s.length - 1, Math.ceil(q * s.length) - 1))];
}
const median = (xs) => {
  const s = sorted(xs);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const stats = (xs) => ({ n: xs.length, median: median(xs), min: Math.min(...xs), max: Math.max(...xs), p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), samples: xs });
const int = (n) => Math.round(n).toLocaleString('en-GB');
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;
const msf = (ms) => (ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`);
const ratio = (x) => `${x.toFixed(2)}x`;

// ---------------------------------------------------------------------------------------------------------
// Setup.

function ensureBuilt() {
  const bundles = ['cli.mjs', 'server.mjs'].map((f) => path.join(REPO_ROOT, 'dist', f));
  if (bundles.every((f) => fs.existsSync(f))) return;
  log('bench: dist/ is missing: running `npm run build` first');
  const built = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (built.status !== 0) {
    log('bench: `npm run build` failed');
    process.exit(1);
  }
}

for (const [name, file] of [['markdownlint-cli2', MARKDOWNLINT], ['remark-cli', REMARK]]) {
  if (!fs.existsSync(file)) {
    log(`bench: ${name} is not installed (devDependency); run \`npm ci\``);
    process.exit(1);
  }
}
ensureBuilt();

const BUNDLES = ['cli.mjs', 'server.mjs'].map((f) => path.join(REPO_ROOT, 'dist', f));
const bundleTimes = () => BUNDLES.map((f) => fs.statSync(f).mtime.toISOString());
const bundlesAtStart = bundleTimes();
const loadBefore = os.loadavg();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-bench-'));
const cpu = os.cpus();
const machine = `${cpu.length} cores (${cpu[0]?.model?.trim() ?? 'unknown cpu'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
log(`bench: ${QUICK ? 'QUICK (smoke) mode' : 'full run'}; corpora in ${tmp}`);

process.on('exit', () => {
  if (!KEEP) fs.rmSync(tmp, { recursive: true, force: true });
});

const corpora = new Map();
function corpus(plans) {
  if (!corpora.has(plans)) {
    const started = now();
    const summary = generateCorpus(path.join(tmp, `plans-${plans}`), { plans, seed: SEED });
    log(`bench: generated ${int(plans)} plans (${int(summary.lines)} lines, ${summary.problems} with a problem) in ${secs(now() - started)}`);
    corpora.set(plans, summary);
  }
  return corpora.get(plans);
}

// ---------------------------------------------------------------------------------------------------------
// CLI: whole processes.

const TOOLS = {
  cplan: {
    label: 'cplan lint --format json',
    run: (dir) => [[CPLAN, 'lint', '--format', 'json', '.'], dir],
    ok: (r) => r.status === 0 || r.status === 1,
    describe(r, c) {
      const results = JSON.parse(r.stdout);
      const messages = results.reduce((n, f) => n + f.messages.length, 0);
      if (results.length !== c.files) throw new Error(`cplan reported ${results.length} files of ${c.files}`);
      return { files: results.length, findings: messages };
    },
  },
  markdownlint: {
    label: 'markdownlint-cli2',
    run: (dir) => [[MARKDOWNLINT, '**/*.md'], dir],
    ok: (r) => r.status === 0 || r.status === 1,
    describe(r, c) {
      const files = Number(/Linting: (\d+) file/.exec(r.stdout)?.[1]);
      const findings = Number(/Summary: (\d+) error/.exec(r.stdout)?.[1] ?? 0);
      if (files !== c.files) throw new Error(`markdownlint-cli2 linted ${files} files of ${c.files}`);
      return { files, findings };
    },
  },
  remark: {
    label: 'remark + frontmatter + lint-recommended',
    // Run from the repository so that the plugins resolve; the corpus is named by its absolute path.
    run: (dir) => [[REMARK, '--no-color', '--no-stdout', '--use', 'remark-frontmatter', '--use', 'remark-preset-lint-recommended', dir], REPO_ROOT],
    ok: (r) => r.status === 0, // warnings do not change the exit code without --frail; 1 means a fatal error
    describe(r, c) {
      const files = r.stderr.split('\n').filter((l) => /\.md(: no issues found)?$/.test(l)).length;
      const findings = Number(/(\d+) warnings?/.exec(r.stderr)?.[1] ?? 0);
      if (files !== c.files) throw new Error(`remark reported ${files} files of ${c.files}`);
      return { files, findings };
    },
  },
  floor: {
    label: 'floor: read + yaml parseDocument',
    run: (dir) => [[FLOOR, dir], dir],
    ok: (r) => r.status === 0,
    describe(r, c) {
      const m = /(\d+) files, (\d+) YAML blocks/.exec(r.stdout);
      if (!m || Number(m[1]) !== c.files) throw new Error(`floor read ${m?.[1]} files of ${c.files}`);
      return { files: Number(m[1]), blocks: Number(m[2]) };
    },
  },
};

/** Runs one tool once on a corpus; returns wall milliseconds. Fails the bench if the tool crashed. */
function timeTool(name, c, info) {
  const tool = TOOLS[name];
  const [argv, cwd] = tool.run(c.dir);
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, { cwd, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const crashed = r.error || r.signal || !tool.ok(r) || (!r.stdout && !r.stderr);
  if (crashed) {
    throw new Error(`${tool.label} crashed on ${c.plans} plans (exit ${r.status}, signal ${r.signal}, ${r.error ?? ''}): ${(r.stderr || r.stdout || '').slice(-1500)}`);
  }
  if (info && !info[name]) info[name] = { exit: r.status, ...tool.describe(r, c) };
  return ms;
}

const results = { quick: QUICK, machine, seed: SEED, config: CONFIG, targets: TARGETS, loadavg: { before: loadBefore } };

function measureCli() {
  // 1. The four tools on the same corpus, interleaved.
  const main = corpus(CONFIG.plans);
  const cli = { plans: main.plans, files: main.files, lines: main.lines, runs: CONFIG.runs, tools: {}, info: {} };
  const order = ['cplan', 'markdownlint', 'remark', 'floor'];
  const samples = Object.fromEntries(order.map((t) => [t, []]));
  for (let run = 1; run <= CONFIG.runs; run++) {
    for (const tool of order) {
      const ms = timeTool(tool, main, cli.info);
      samples[tool].push(ms);
      log(`bench: run ${run}/${CONFIG.runs} ${TOOLS[tool].label}: ${secs(ms)}`);
    }
  }
  for (const tool of order) cli.tools[tool] = stats(samples[tool]);
  results.cli = cli;

  // 2. Growth: cplan at each size, and the floor beside it, interleaved, for context: the floor shows how much
  //    of the growth any tool that parses these plans in one Node process pays (start-up, JIT warm-up).
  //    The size of step 1 reuses its runs.
  const growth = [];
  const floorGrowth = [];
  for (const [plans, runs] of CONFIG.growth) {
    let times;
    let floorTimes;
    if (plans === CONFIG.plans && runs <= CONFIG.runs) [times, floorTimes] = [samples.cplan, samples.floor];
    else {
      const c = corpus(plans);
      times = [];
      floorTimes = [];
      for (let run = 1; run <= runs; run++) {
        times.push(timeTool('cplan', c));
        floorTimes.push(timeTool('floor', c));
        log(`bench: growth ${int(plans)} plans, run ${run}/${runs}: cplan ${secs(times.at(-1))}, floor ${secs(floorTimes.at(-1))}`);
      }
    }
    const c = corpora.get(plans);
    const s = stats(times);
    growth.push({ plans, files: c.files, lines: c.lines, runs: times.length, ...s, perFileMs: s.median / c.files });
    const f = stats(floorTimes);
    floorGrowth.push({ plans, files: c.files, runs: floorTimes.length, ...f, perFileMs: f.median / c.files });
  }
  results.growth = growth;
  results.floorGrowth = floorGrowth;

  // 3. Start-up, for context: what every run pays before its first file (Node, then loading and evaluating the
  //    whole bundle, which `--version` does). It bounds the growth ratio from below whatever the linting costs.
  const startupTimes = [];
  for (let run = 1; run <= CONFIG.runs; run++) {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [CPLAN, '--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (r.status !== 0) throw new Error(`cplan --version failed (exit ${r.status}): ${r.stderr}`);
    startupTimes.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  results.startup = stats(startupTimes);
  return { cli, samples, growth, floorGrowth };
}

/**
 * `cplan lint --cache` (issue 19): a run that fills the cache, then a run over the same unchanged plans that
 * reads it, in pairs; each pair starts without a cache file. The second run must print the same output.
 */
function measureCache() {
  const c = corpus(CONFIG.plans);
  const cacheFile = path.join(tmp, 'bench.cplancache');
  const lint = () => {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [CPLAN, 'lint', '--format', 'json', '--cache', '--cache-location', cacheFile, '.'], { cwd: c.dir, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
    if (r.error || r.signal || (r.status !== 0 && r.status !== 1)) throw new Error(`cplan lint --cache crashed (exit ${r.status}, signal ${r.signal}): ${r.stderr.slice(-1500)}`);
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, stdout: r.stdout };
  };
  const first = [];
  const second = [];
  for (let run = 1; run <= CONFIG.runs; run++) {
    fs.rmSync(cacheFile, { force: true });
    const filled = lint();
    const read = lint();
    if (read.stdout !== filled.stdout) throw new Error('cplan lint --cache: the second run printed other output than the first');
    first.push(filled.ms);
    second.push(read.ms);
    log(`bench: cache run ${run}/${CONFIG.runs}: first ${secs(filled.ms)}, second ${secs(read.ms)}`);
  }
  return { plans: c.plans, files: c.files, first: stats(first), second: stats(second), cacheBytes: fs.statSync(cacheFile).size, ratio: median(second) / median(first) };
}

/**
 * cplan diff --base over a git repository of CONFIG.plans plans, a tenth of them revised (a milestone slipped a
 * year), against cplan lint on just the revised files: the diff lints both versions of each, and reads the old
 * ones from git.
 */
function measureDiff() {
  const c = corpus(CONFIG.plans);
  const dir = path.join(tmp, `diff-${CONFIG.plans}`);
  fs.cpSync(c.dir, dir, { recursive: true });
  const env = { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.org', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.org' };
  for (const args of [['init', '-q'], ['add', '.'], ['commit', '-q', '-m', 'approved']]) {
    const r = spawnSync('git', args, { cwd: dir, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  }
  // A tenth of the plans, spread over the corpus: the first of every ten that has a quarter to slip.
  const revised = [];
  const files = planFiles(dir);
  for (let start = 0; start < files.length && revised.length < Math.round(CONFIG.plans / 10); start += 10) {
    for (const file of files.slice(start, start + 10)) {
      const full = path.join(dir, file);
      const text = fs.readFileSync(full, 'utf8');
      const slipped = text.replace(/due: Q(\d) (\d{4})\/(\d\d)\n/, (_, q, y, yy) => `due: Q${q} ${Number(y) + 1}/${String((Number(yy) + 1) % 100).padStart(2, '0')}\n`);
      if (slipped === text) continue;
      fs.writeFileSync(full, slipped);
      revised.push(file);
      break;
    }
  }
  const time = (args, ok) => {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [CPLAN, ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
    if (r.error || r.signal || !ok(r.status)) throw new Error(`cplan ${args[0]} crashed (exit ${r.status}, signal ${r.signal}): ${r.stderr.slice(-1500)}`);
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, stdout: r.stdout };
  };
  const diffs = [];
  const lints = [];
  let slipped = 0;
  for (let run = 1; run <= CONFIG.runs; run++) {
    const diff = time(['diff', '--base', 'HEAD', '--format', 'json'], (status) => status === 0);
    const files = JSON.parse(diff.stdout);
    if (files.length !== revised.length) throw new Error(`cplan diff --base compared ${files.length} files, ${revised.length} were revised`);
    slipped = files.filter((f) => f.changes.some((ch) => ch.kind === 'due-moved' && ch.quarters === 4)).length;
    diffs.push(diff.ms);
    lints.push(time(['lint', '--format', 'json', ...revised], (status) => status === 0 || status === 1).ms);
    log(`bench: diff run ${run}/${CONFIG.runs}: diff ${secs(diffs.at(-1))}, lint of the revised files ${secs(lints.at(-1))}`);
  }
  return { plans: c.plans, revised: revised.length, slipped, diff: stats(diffs), lint: stats(lints), ratio: median(diffs) / median(lints) };
}

// ---------------------------------------------------------------------------------------------------------
// Server.

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
function positionsOf(lines, re, character) {
  const found = [];
  lines.forEach((line, i) => {
    const m = re.exec(line);
    if (m) found.push({ line: i, character: typeof character === 'function' ? character(line, m) : character });
  });
  return found;
}
/** `count` items spread over `list` (deterministic), cycling when the list is shorter. */
function spread(list, count) {
  const out = [];
  for (let i = 0; i < count; i++) out.push(list[Math.floor(((i * 0.618034) % 1) * list.length)]);
  return out;
}

async function measureRequests(client, uri, method, positions, check) {
  const times = [];
  let empty = 0;
  for (const position of positions) {
    const params = method === 'textDocument/documentSymbol' || method === 'textDocument/codeLens' ? { textDocument: { uri } } : { textDocument: { uri }, position };
    const started = now();
    const answer = await client.request(method, params);
    times.push(now() - started);
    if (!check(answer)) empty++;
  }
  return { ...stats(times), empty };
}

/**
 * Keystrokes: single characters typed into workstream titles every 30 ms, insert then delete at the same place
 * (so the file does not grow), each pair at a different title; latency from each didChange to the first publish
 * of that version (or of a later one, should the server skip a version).
 */
/**
 * Keystrokes as VS Code sends them in pull mode: each didChange followed by a document pull, timed from the change to
 * the pull's answer, which must be a full report (the text changed). Same edits as `measureKeystrokes`, one at a time.
 */
async function measurePullKeystrokes(client, uri, lines, startVersion = 1) {
  const random = mulberry32(SEED);
  const titles = positionsOf(lines, /^title: (.*)$/, 0).filter((p) => lines[p.line - 1].startsWith('id: WS'));
  const times = [];
  let version = startVersion;
  let notFull = 0;
  for (let i = 0; i < CONFIG.edits; i++) {
    const title = titles[Math.floor(random() * titles.length)];
    const at = { line: title.line, character: 7 };
    const change = i % 2 === 0 ? { range: { start: at, end: at }, text: 'x' } : { range: { start: at, end: { line: at.line, character: 8 } }, text: '' };
    version++;
    const started = now();
    await client.change(uri, version, [change]);
    const report = await client.request('textDocument/diagnostic', { textDocument: { uri } });
    times.push(now() - started);
    if (report?.kind !== 'full') notFull++;
    await sleep(EDIT_INTERVAL_MS);
  }
  if (notFull) failures.push(`${notFull} of ${CONFIG.edits} pulls after a keystroke were not full reports`);
  return { edits: CONFIG.edits, version, ...stats(times) };
}

async function measureKeystrokes(client, uri, lines) {
  const random = mulberry32(SEED);
  const titles = positionsOf(lines, /^title: (.*)$/, 0).filter((p) => lines[p.line - 1].startsWith('id: WS'));
  const shuffled = titles.map((t) => [random(), t]).sort((a, b) => a[0] - b[0]).map(([, t]) => ({ ...t }));
  const sentAt = new Map();
  const latency = new Map();
  let exact = 0;
  let listening = true;
  client.onPublish((u, entry) => {
    if (!listening || u !== uri || entry.version === null) return;
    for (const [version, at] of sentAt) {
      if (version <= entry.version && !latency.has(version)) {
        latency.set(version, entry.at - at);
        if (version === entry.version) exact++;
      }
    }
  });
  const started = now();
  let version = Math.max(1, ...(client.published.get(uri) ?? []).map((e) => e.version ?? 1));
  const first = version + 1;
  for (let i = 0; i < CONFIG.edits; i++) {
    const wait = started + i * EDIT_INTERVAL_MS - now();
    if (wait > 0) await sleep(wait);
    const title = shuffled[Math.floor(i / 2) % shuffled.length];
    const length = lines[title.line].length;
    const character = 7 + Math.floor(random() * (length - 7));
    if (i % 2 === 0) title.at = character;
    const at = { line: title.line, character: title.at };
    const change = i % 2 === 0
      ? { range: { start: at, end: at }, text: 'x' }
      : { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' };
    version++;
    sentAt.set(version, now());
    await client.change(uri, version, [change]);
  }
  const last = await client.diagnostics(uri, (e) => e.version !== null && e.version >= version, 300_000);
  listening = false;
  const keystrokes = [...sentAt.keys()].map((v) => latency.get(v));
  // How fast the server got through the versions: from the first didChange to the last version's diagnostics.
  const drainMs = last.at - sentAt.get(first);
  return { edits: CONFIG.edits, intervalMs: EDIT_INTERVAL_MS, exactVersion: exact, drainMs, ...stats(keystrokes), version };
}

async function serverBigPlan() {
  const dir = path.join(tmp, 'server-big');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'big-plan.md');
  const text = bigPlan({ lines: CONFIG.bigLines, seed: SEED });
  fs.writeFileSync(file, text);
  const lines = text.split('\n');
  const out = { lines: lines.length - 1, workstreams: positionsOf(lines, /^```yaml workstream$/, 0).length };

  // Cold start: spawn -> initialize -> initialized -> didOpen -> first publishDiagnostics of the plan.
  const client = await LspClient.start(dir);
  try {
    const uri = await client.open(file, text);
    const first = await client.diagnostics(uri, () => true);
    const opened = await client.diagnostics(uri, (e) => e.version === 1);
    out.coldStartMs = first.at - client.spawnedAt;
    out.coldStartOpenVersionMs = opened.at - client.spawnedAt;
    out.firstDiagnostics = opened.count;
    await sleep(300);

    out.keystroke = await measureKeystrokes(client, uri, lines);
    await sleep(200);

    // Requests on the plan as it now is (the edits cancelled out): aim references, `status: ` values, symbols.
    const aimRefs = spread(positionsOf(lines, /^aims: \[/, 8), CONFIG.requests);
    const statuses = spread(positionsOf(lines, /^ {4}status: /, 12), CONFIG.requests);
    const nonEmpty = (a) => a !== null && a !== undefined && (!Array.isArray(a) || a.length > 0);
    out.hover = await measureRequests(client, uri, 'textDocument/hover', aimRefs, nonEmpty);
    out.completion = await measureRequests(client, uri, 'textDocument/completion', statuses, (a) => nonEmpty(Array.isArray(a) ? a : a?.items));
    out.definition = await measureRequests(client, uri, 'textDocument/definition', aimRefs, nonEmpty);
    out.symbols = await measureRequests(client, uri, 'textDocument/documentSymbol', new Array(CONFIG.requests).fill(null), nonEmpty);
    for (const k of ['hover', 'completion', 'definition', 'symbols']) if (out[k].empty) failures.push(`${k}: ${out[k].empty} of ${out[k].n} answers were empty`);
  } finally {
    await client.stop();
  }
  return out;
}

/** Waits until the server counts every plan and framework and has published diagnostics for each. */
async function indexed(client, expected, timeoutMs) {
  let info;
  const deadline = now() + timeoutMs;
  for (;;) {
    info = await client.request('cplan/serverInfo', null);
    if (info.documents >= expected && client.published.size >= expected) return info;
    if (now() > deadline) throw new Error(`server indexed ${info.documents} of ${expected} files, published ${client.published.size}`);
    await sleep(50);
  }
}

const nonEmptyAnswer = (a) => a !== null && a !== undefined && (!Array.isArray(a) || a.length > 0);

/**
 * The framework all plans share, opened: code lenses over it (each aim's count reads the plans that use it),
 * hovers on the shared aim, then characters typed into its title, which no plan reads: no plan should be linted
 * or published again (issue 14, defect 12).
 */
async function frameworkRequests(client, c, out) {
  const framework = path.join(c.dir, 'framework.md');
  const text = fs.readFileSync(framework, 'utf8');
  const lines = text.split('\n');
  const uri = await client.open(framework, text);
  await client.diagnostics(uri, (e) => e.version === 1, 60_000);
  const aim = { line: lines.findIndex((l) => l === `- id: ${SHARED_AIM}`), character: 7 };
  out.frameworkLens = await measureRequests(client, uri, 'textDocument/codeLens', new Array(CONFIG.requests).fill(null), nonEmptyAnswer);
  out.frameworkHover = await measureRequests(client, uri, 'textDocument/hover', new Array(CONFIG.requests).fill(aim), nonEmptyAnswer);
  for (const k of ['frameworkLens', 'frameworkHover']) if (out[k].empty) failures.push(`${k}: ${out[k].empty} of ${out[k].n} answers were empty`);

  const titleLine = lines.findIndex((l) => l.startsWith('title: '));
  const before = new Map([...client.published].map(([u, list]) => [u, list.length]));
  const times = [];
  let version = 1;
  for (let i = 0; i < CONFIG.titleKeystrokes; i++) {
    const at = { line: titleLine, character: lines[titleLine].length + i };
    version++;
    const started = now();
    await client.change(uri, version, [{ range: { start: at, end: at }, text: 'x' }]);
    const v = version;
    await client.diagnostics(uri, (e) => e.version === v, 60_000);
    times.push(now() - started);
  }
  // The server answers in order: once this answer is in, whatever the edits made it publish has arrived.
  await client.request('cplan/serverInfo', null);
  let republished = 0;
  let publishes = 0;
  for (const [u, list] of client.published) {
    if (u === uri) continue;
    const more = list.length - (before.get(u) ?? 0);
    if (more > 0) republished++;
    publishes += Math.max(0, more);
  }
  out.titleEdit = { keystrokes: CONFIG.titleKeystrokes, dependents: c.plans, republished, publishes, ...stats(times) };
  // Put the title back, so that the rename below sees the framework as on disk.
  version++;
  await client.change(uri, version, [{ text }]);
  const v = version;
  await client.diagnostics(uri, (e) => e.version === v, 60_000);
}

async function serverWorkspace() {
  const c = corpus(CONFIG.plans);
  const expected = c.files; // the plans and framework.md
  const out = { plans: c.plans, files: c.files };
  const client = await LspClient.start(c.dir);
  try {
    const info = await indexed(client, expected, 180_000);
    out.indexedMs = now() - client.spawnedAt;
    out.documents = info.documents;
    await sleep(500);
    const memory = readMemory(info.pid);
    out.rssBytes = memory.rss;
    out.peakRssBytes = memory.hwm;

    await frameworkRequests(client, c, out);

    // Typing in the 15,000-line plan, opened as a buffer (never written to disk) in the indexed workspace.
    const bigText = bigPlan({ lines: CONFIG.bigLines, seed: SEED });
    const bigUri = await client.open(path.join(c.dir, 'zz-big-plan-buffer.md'), bigText);
    await client.diagnostics(bigUri, (e) => e.version === 1, 120_000);
    await sleep(300);
    out.keystrokeIndexed = await measureKeystrokes(client, bigUri, bigText.split('\n'));
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: bigUri } });

    // Rename the shared aim in the framework: every plan links it.
    const framework = path.join(c.dir, 'framework.md');
    const fwLines = fs.readFileSync(framework, 'utf8').split('\n');
    const line = fwLines.findIndex((l) => l === `- id: ${SHARED_AIM}`);
    const position = { line, character: 7 };
    const times = [];
    for (let i = 0; i < CONFIG.renames; i++) {
      const started = now();
      const edit = await client.request('textDocument/rename', { textDocument: { uri: uriOf(framework) }, position, newName: 'LTP-OBJ1' });
      times.push(now() - started);
      const files = edit?.changes ? Object.keys(edit.changes).length : (edit?.documentChanges?.length ?? 0);
      const edits = edit?.changes ? Object.values(edit.changes).reduce((n, e) => n + e.length, 0) : 0;
      out.renameFiles = files;
      out.renameEdits = edits;
    }
    out.rename = stats(times);
    if (out.renameFiles < expected) failures.push(`rename of ${SHARED_AIM} touched ${out.renameFiles} files, expected ${expected} (every plan and the framework)`);
  } finally {
    await client.stop();
  }
  return out;
}

/** Rename of the shared aim across a workspace of CONFIG.renamePlans plans (10,000 in the full run), and the memory it takes. */
async function serverRenameAtScale() {
  const c = corpus(CONFIG.renamePlans);
  const out = { plans: c.plans, files: c.files };
  // Pull mode, as VS Code uses it: the workspace is pulled once in full, as the client does when it starts.
  const client = await LspClient.start(c.dir, { pull: true });
  try {
    const info = await waitIndexed(client, c.files, 900_000);
    const first = await client.request('workspace/diagnostic', { previousResultIds: [] });
    out.indexedMs = now() - client.spawnedAt;
    out.pulledReports = first.items.length;
    await sleep(500);
    const memory = readMemory(info.pid);
    out.rssBytes = memory.rss;
    out.peakRssBytes = memory.hwm;

    const bigText = bigPlan({ lines: CONFIG.bigLines, seed: SEED });
    const bigUri = await client.open(path.join(c.dir, 'zz-big-plan-buffer.md'), bigText);
    await client.request('textDocument/diagnostic', { textDocument: { uri: bigUri } });
    await sleep(300);
    out.pullKeystroke = await measurePullKeystrokes(client, bigUri, bigText.split('\n'));
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: bigUri } });

    const framework = path.join(c.dir, 'framework.md');
    const line = fs.readFileSync(framework, 'utf8').split('\n').findIndex((l) => l === `- id: ${SHARED_AIM}`);
    const times = [];
    for (let i = 0; i < CONFIG.renames; i++) {
      const started = now();
      const edit = await client.request('textDocument/rename', { textDocument: { uri: uriOf(framework) }, position: { line, character: 7 }, newName: 'LTP-OBJ1' });
      times.push(now() - started);
      out.renameFiles = edit?.changes ? Object.keys(edit.changes).length : 0;
      out.renameEdits = edit?.changes ? Object.values(edit.changes).reduce((n, e) => n + e.length, 0) : 0;
    }
    out.rename = stats(times);
    if (out.renameFiles < c.files) failures.push(`rename of ${SHARED_AIM} across ${c.plans} plans touched ${out.renameFiles} files, expected ${c.files}`);
  } finally {
    await client.stop();
  }
  return out;
}

/** Seconds of CPU (user + system) a process has used, from /proc; NaN where there is none. */
function readCpuSeconds(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of the line, counted from the pid; clock ticks of 1/100 s on Linux.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Waits until the server counts `expected` documents (its index is complete). */
async function waitIndexed(client, expected, timeoutMs = 300_000) {
  const deadline = now() + timeoutMs;
  for (;;) {
    const info = await client.request('cplan/serverInfo', null);
    if (info.documents >= expected) return info;
    if (now() > deadline) throw new Error(`server indexed ${info.documents} of ${expected} files`);
    await sleep(50);
  }
}

const aimPosition = (text) => positionsOf(text.split('\n'), /^aims: \[/, 8)[0];
const planFiles = (dir) => fs.readdirSync(dir).filter((name) => name.startsWith('plan-') && name.endsWith('.md')).sort();

/**
 * The workspace in pull mode, as VS Code uses it: the server never publishes, the client pulls one document's
 * diagnostics (`textDocument/diagnostic`) and the workspace's (`workspace/diagnostic`, again 2 s after each
 * answer, sending back the result ids it has).
 */
async function serverPull() {
  const dir = path.join(tmp, `pull-${CONFIG.plans}`);
  const c = generateCorpus(dir, { plans: CONFIG.plans, seed: SEED });
  const out = { plans: c.plans, files: c.files };
  const mine = path.join(dir, planFiles(dir)[0]);
  const text = fs.readFileSync(mine, 'utf8');
  const client = await LspClient.start(dir, { pull: true });
  try {
    // 1. A plan opened right after `initialized`: its hover and its diagnostics, while the rest indexes.
    const uri = await client.open(mine, text);
    const opened = now();
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: aimPosition(text) });
    out.firstHoverMs = now() - opened;
    const report = await client.request('textDocument/diagnostic', { textDocument: { uri } });
    out.firstPullMs = now() - opened;
    out.indexedAtFirstAnswers = (await client.request('cplan/serverInfo', null)).documents;
    if (!hover) failures.push('first hover in pull mode: no answer');
    if (report?.kind !== 'full' || typeof report.resultId !== 'string') failures.push(`first pull: ${JSON.stringify(report).slice(0, 200)}`);
    await waitIndexed(client, c.files);
    out.indexedMs = now() - client.spawnedAt;
    const first = await client.request('workspace/diagnostic', { previousResultIds: [] });
    const resultIds = new Map(first.items.map((item) => [item.uri, item.resultId]));

    // The 15,000-line plan opened as a buffer in the indexed workspace: keystrokes, each pulled.
    const bigText = bigPlan({ lines: CONFIG.bigLines, seed: SEED });
    const bigUri = await client.open(path.join(dir, 'zz-big-plan-buffer.md'), bigText);
    await client.request('textDocument/diagnostic', { textDocument: { uri: bigUri } });
    await sleep(300);
    out.pullKeystroke = await measurePullKeystrokes(client, bigUri, bigText.split('\n'));
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: bigUri } });

    // 2. CONFIG.created new plans on disk in one batch of Created events (a branch checked out), with a keystroke
    //    in the open plan every 100 ms meanwhile: each until its fresh pull diagnostics arrive.
    const newDir = path.join(dir, 'new');
    fs.mkdirSync(newDir);
    const extra = generateCorpus(path.join(tmp, 'pull-created'), { plans: CONFIG.created, seed: SEED + 1 });
    const created = planFiles(extra.dir).map((name) => {
      const file = path.join(newDir, name);
      fs.writeFileSync(file, fs.readFileSync(path.join(extra.dir, name), 'utf8').replace('framework: ./framework.md', 'framework: ../framework.md'));
      return file;
    });
    const line = positionsOf(text.split('\n'), /^title: /, 7).at(-1);
    let version = 1;
    const keystrokes = [];
    let consistent = false;
    const typing = (async () => {
      while (!consistent) {
        version++;
        const at = { line: line.line, character: 7 };
        const change = version % 2 === 0 ? { range: { start: at, end: at }, text: 'x' } : { range: { start: at, end: { line: at.line, character: 8 } }, text: '' };
        const started = now();
        await client.change(uri, version, [change]);
        await client.request('textDocument/diagnostic', { textDocument: { uri } });
        keystrokes.push(now() - started);
        await sleep(100);
      }
    })();
    const sent = now();
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: created.map((file) => ({ uri: uriOf(file), type: 1 })) });
    const after = await client.request('workspace/diagnostic', { previousResultIds: [...resultIds].map(([u, value]) => ({ uri: u, value })) });
    out.createdMs = now() - sent;
    consistent = true;
    await typing;
    const newUris = new Set(created.map(uriOf));
    out.createdReported = after.items.filter((item) => item.kind === 'full' && newUris.has(item.uri)).length;
    out.createdKeystroke = stats(keystrokes);
    if (out.createdReported !== created.length) failures.push(`after ${created.length} Created files the workspace pull reported ${out.createdReported} of them`);
  } finally {
    await client.stop();
  }
  return out;
}

/** An idle editor in pull mode: nothing changes, the client pulls the workspace every 2 s; the server's CPU. */
async function serverIdle() {
  const c = corpus(CONFIG.idlePlans);
  const out = { plans: c.plans, files: c.files, windowMs: CONFIG.idleMs };
  const client = await LspClient.start(c.dir, { pull: true });
  try {
    await waitIndexed(client, c.files);
    out.indexedMs = now() - client.spawnedAt;
    const resultIds = new Map();
    // As vscode-languageclient does: send back the ids it has; pull again 2 s after each answer; a server may
    // hold the request (a long poll) until it has something, which the client waits out (and cancels at the end).
    const pullWorkspace = async (token, timeoutMs) => {
      const params = { previousResultIds: [...resultIds].map(([uri, value]) => ({ uri, value })) };
      let timer;
      const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
      const request = token ? client.connection.sendRequest('workspace/diagnostic', params, token) : client.connection.sendRequest('workspace/diagnostic', params);
      const answer = await Promise.race([request, timeout]);
      clearTimeout(timer);
      if (!answer) return null;
      for (const item of answer.items) resultIds.set(item.uri, item.resultId);
      return { items: answer.items.length, full: answer.items.filter((i) => i.kind === 'full').length, bytes: JSON.stringify(answer).length };
    };
    out.firstPull = await pullWorkspace(undefined, 600_000);
    const pid = client.process.pid;
    const cpuBefore = readCpuSeconds(pid);
    const started = now();
    const left = () => Math.max(0, CONFIG.idleMs - (now() - started));
    const pulls = [];
    out.held = false;
    while (left() > 0) {
      await sleep(Math.min(WORKSPACE_PULL_INTERVAL_MS, left()));
      if (!left()) break;
      const source = new CancellationTokenSource();
      const pulled = await pullWorkspace(source.token, left());
      if (!pulled) {
        out.held = true;
        source.cancel();
        break;
      }
      pulls.push(pulled);
    }
    const elapsed = now() - started;
    out.cpuPercent = ((readCpuSeconds(pid) - cpuBefore) / (elapsed / 1000)) * 100;
    out.pulls = pulls.length;
    out.maxBytes = Math.max(0, ...pulls.map((p) => p.bytes));
    out.maxFull = Math.max(0, ...pulls.map((p) => p.full));
    out.refreshes = client.refreshes;
    out.rssBytes = readMemory(pid).rss;
  } finally {
    await client.stop();
  }
  return out;
}

function readMemory(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return { rss: NaN, hwm: NaN }; // not Linux
  }
}

let cli;
let growth;
let floorGrowth;
if (!ONLY || ONLY === 'cli') ({ cli, growth, floorGrowth } = measureCli());
if (!ONLY || ONLY === 'cache') {
  log(`bench: cplan lint --cache, ${int(CONFIG.plans)} plans`);
  results.cache = measureCache();
}
if (!ONLY || ONLY === 'diff') {
  log(`bench: cplan diff --base, ${int(CONFIG.plans)} plans`);
  results.diff = measureDiff();
}
if (!ONLY || ONLY === 'reports') {
  log(`bench: cplan report on ${int(CONFIG.plans)} plans`);
  results.reports = await measureReports({ dir: corpus(CONFIG.plans).dir, plans: CONFIG.plans, runs: CONFIG.runs, tmp, log });
}
if (!ONLY || ONLY === 'server') {
  log(`bench: server: one ${int(CONFIG.bigLines)}-line plan`);
  results.server = { bigPlan: await serverBigPlan() };
  log(`bench: server: workspace of ${int(CONFIG.plans)} plans`);
  results.server.workspace = await serverWorkspace();
  log(`bench: server: rename across ${int(CONFIG.renamePlans)} plans`);
  results.server.renameAtScale = await serverRenameAtScale();
  log(`bench: server: pull mode, workspace of ${int(CONFIG.plans)} plans`);
  results.server.pull = await serverPull();
  log(`bench: server: idle in pull mode, ${int(CONFIG.idlePlans)} plans, ${secs(CONFIG.idleMs)}`);
  results.server.idle = await serverIdle();
}
results.loadavg.after = os.loadavg();
results.totalMs = now() - benchStarted;
results.bundles = { atStart: bundlesAtStart, atEnd: bundleTimes() };

// ---------------------------------------------------------------------------------------------------------
// The table.

const rows = [];
const section = (title) => rows.push({ section: title });
const verdict = (pass) => (QUICK ? '-' : pass ? 'PASS' : 'MISS');
const row = (what, figure, target = '', pass) => rows.push({ what, figure, target, verdict: pass === undefined ? '' : verdict(pass) });

function cliRows() {
  const t = cli.tools;
  section(`CLI, ${int(cli.plans)} plans (${int(cli.files)} files, ${int(cli.lines)} lines): wall time, median of ${cli.runs} run${cli.runs > 1 ? 's' : ''}, tools interleaved`);
  const toolFigure = (k, extra) => `${secs(t[k].median)} (min ${secs(t[k].min)}, max ${secs(t[k].max)})${extra ? `; ${extra}` : ''}`;
  row(TOOLS.cplan.label, toolFigure('cplan', `${int(cli.info.cplan.findings)} findings`));
  row(TOOLS.markdownlint.label, toolFigure('markdownlint', `${int(cli.info.markdownlint.findings)} findings`));
  row(TOOLS.remark.label, toolFigure('remark', `${int(cli.info.remark.findings)} warnings`));
  row(TOOLS.floor.label, toolFigure('floor', `${int(cli.info.floor.blocks)} YAML blocks`));
  const vsMdl = t.cplan.median / t.markdownlint.median;
  const vsFloor = t.cplan.median / t.floor.median;
  row('ratio cplan / markdownlint-cli2', ratio(vsMdl), `<= ${TARGETS.vsMarkdownlint.toFixed(1)}x`, vsMdl <= TARGETS.vsMarkdownlint);
  row('ratio cplan / floor', ratio(vsFloor), `<= ${TARGETS.vsFloor.toFixed(1)}x`, vsFloor <= TARGETS.vsFloor);
  row('ratio cplan / remark', ratio(t.cplan.median / t.remark.median));
  results.ratios = { vsMarkdownlint: vsMdl, vsFloor, vsRemark: t.cplan.median / t.remark.median };

  section('CLI growth: cplan lint --format json, time per file (median wall / files)');
  for (const g of growth) {
    row(`cplan, ${int(g.plans)} plans (${int(g.lines)} lines)`, `${secs(g.median)} (${g.runs} run${g.runs > 1 ? 's' : ''}, min ${secs(g.min)}, max ${secs(g.max)}) = ${g.perFileMs.toFixed(2)} ms/file`);
  }
  const perFile = growth.map((g) => g.perFileMs);
  const growthRatio = Math.max(...perFile) / Math.min(...perFile);
  const first = growth[0];
  const last = growth.at(-1);
  const marginal = (last.median - first.median) / (last.files - first.files);
  row(`growth: time per file, max / min over ${growth.map((g) => int(g.plans)).join(' / ')} plans`, `${ratio(growthRatio)} (marginal ${int(first.plans)} -> ${int(last.plans)}: ${marginal.toFixed(2)} ms/file)`, `<= ${TARGETS.growth.toFixed(1)}x`, growthRatio <= TARGETS.growth);
  results.growthRatio = growthRatio;
  // Even with no JIT warm-up at all, the smallest run would cost start-up / files more per file than the
  // largest run's throughput: the growth ratio no linter in one fresh process can go below on this machine.
  const startup = results.startup;
  const noWarmUpRatio = (startup.median / first.files + last.perFileMs) / last.perFileMs;
  row('start-up: `cplan --version` (Node + the whole bundle; context)', `${msf(startup.median)} (min ${msf(startup.min)}, max ${msf(startup.max)})`);
  row(`least growth possible: start-up / ${int(first.files)} files + the ${int(last.plans)}-plan time per file (context)`, ratio(noWarmUpRatio));
  results.noWarmUpGrowthRatio = noWarmUpRatio;
  for (const g of floorGrowth) row(`floor, ${int(g.plans)} plans (context)`, `${secs(g.median)} (min ${secs(g.min)}, max ${secs(g.max)}) = ${g.perFileMs.toFixed(2)} ms/file`);
  const floorPerFile = floorGrowth.map((g) => g.perFileMs);
  const floorRatio = Math.max(...floorPerFile) / Math.min(...floorPerFile);
  row('floor growth: time per file, max / min (context, no target)', ratio(floorRatio));
  results.floorGrowthRatio = floorRatio;
  results.marginalMsPerFile = marginal;
}

function serverRows() {
  const big = results.server.bigPlan;
  const ws = results.server.workspace;
  section(`Server over stdio (real JSON-RPC client): one ${int(big.lines)}-line plan (${big.workstreams} workstream blocks)`);
  row('cold start: spawn to first diagnostics of the plan', msf(big.coldStartMs), `<= ${TARGETS.coldStartMs} ms`, big.coldStartMs <= TARGETS.coldStartMs);
  const k = big.keystroke;
  row(`keystroke to fresh diagnostics, ${k.edits} edits ${k.intervalMs} ms apart, p50`, msf(k.p50));
  row('keystroke to fresh diagnostics, p95', msf(k.p95), `<= ${TARGETS.keystrokeP95} ms`, k.p95 <= TARGETS.keystrokeP95);
  row('keystroke to fresh diagnostics, max', `${msf(k.max)} (${k.exactVersion}/${k.edits} versions published; all ${k.edits} done ${secs(k.drainMs)} after the first, typing took ${secs((k.edits - 1) * k.intervalMs)})`);
  for (const [key, label] of [['hover', 'hover (aim reference)'], ['completion', 'completion (after `status: `)'], ['definition', 'definition (aim reference)'], ['symbols', 'document symbols']]) {
    const r = big[key];
    row(`${label}, ${r.n} requests, p95`, `${msf(r.p95)} (p50 ${msf(r.p50)}, max ${msf(r.max)})${r.empty ? `; ${r.empty} EMPTY` : ''}`, `<= ${TARGETS.requestP95} ms`, r.p95 <= TARGETS.requestP95);
  }
  section(`Server over stdio: workspace of ${int(ws.plans)} plans + framework.md`);
  row(`rename ${SHARED_AIM} in the framework: time to the WorkspaceEdit, max of ${ws.rename.n}`, `${msf(ws.rename.max)} (first ${msf(ws.rename.samples[0])}, median ${msf(ws.rename.median)}); ${int(ws.renameFiles)} files, ${int(ws.renameEdits)} edits`, `<= ${TARGETS.renameMs} ms`, ws.rename.max <= TARGETS.renameMs && ws.renameFiles >= ws.files);
  const rssMb = ws.rssBytes / 2 ** 20;
  row(`memory: server RSS with ${int(ws.plans)} plans indexed`, `${rssMb.toFixed(0)} MB (peak ${(ws.peakRssBytes / 2 ** 20).toFixed(0)} MB; indexed and published in ${secs(ws.indexedMs)})`, `<= ${TARGETS.rssMb} MB`, rssMb <= TARGETS.rssMb);
  for (const [key, label, target] of [['frameworkLens', 'framework code lens', TARGETS.frameworkLensP95], ['frameworkHover', `hover on the framework aim ${SHARED_AIM}`, TARGETS.frameworkHoverP95]]) {
    const r = ws[key];
    row(`${label}, ${r.n} requests, p95`, `${msf(r.p95)} (p50 ${msf(r.p50)}, max ${msf(r.max)})${r.empty ? `; ${r.empty} EMPTY` : ''}`, `<= ${target} ms`, r.p95 <= target && !r.empty);
  }
  const t = ws.titleEdit;
  row(`framework title edit, ${t.keystrokes} keystrokes, ${int(t.dependents)} dependent plans: plans re-published`, `${int(t.republished)} (${int(t.publishes)} publishes; framework's own diagnostics p95 ${msf(t.p95)}, max ${msf(t.max)})`, 'none', t.republished <= TARGETS.titleEditRepublished);
  const ki = ws.keystrokeIndexed;
  row(`keystroke to fresh diagnostics on the ${int(big.lines)}-line plan with ${int(ws.plans)} plans indexed, p95`, `${msf(ki.p95)} (p50 ${msf(ki.p50)}, max ${msf(ki.max)}; ${ki.exactVersion}/${ki.edits} versions published)`, `<= ${TARGETS.keystrokeP95} ms`, ki.p95 <= TARGETS.keystrokeP95);
  const r = results.server.renameAtScale;
  section(`Server over stdio: workspace of ${int(r.plans)} plans + framework.md`);
  row(`rename ${SHARED_AIM} across ${int(r.plans)} plans: time to the WorkspaceEdit, max of ${r.rename.n}`, `${msf(r.rename.max)} (first ${msf(r.rename.samples[0])}, median ${msf(r.rename.median)}); ${int(r.renameFiles)} files, ${int(r.renameEdits)} edits`, `<= ${TARGETS.renameMs} ms`, r.rename.max <= TARGETS.renameMs && r.renameFiles >= r.files);
  const rk = r.pullKeystroke;
  row(`keystroke to fresh pull diagnostics on the ${int(big.lines)}-line plan with ${int(r.plans)} plans indexed (pull mode), p95`, `${msf(rk.p95)} (p50 ${msf(rk.p50)}, max ${msf(rk.max)}; ${rk.edits} edits)`, `<= ${TARGETS.keystrokeP95} ms`, rk.p95 <= TARGETS.keystrokeP95);
  const rss = r.rssBytes / 2 ** 20;
  row(`memory: server RSS with ${int(r.plans)} plans indexed and the workspace pulled once`, `${rss.toFixed(0)} MB (peak ${(r.peakRssBytes / 2 ** 20).toFixed(0)} MB; indexed and pulled in ${secs(r.indexedMs)})`, `<= ${TARGETS.rssMbAtRenamePlans} MB`, rss <= TARGETS.rssMbAtRenamePlans);
  const p = results.server.pull;
  section(`Server over stdio, pull mode as VS Code uses it: workspace of ${int(p.plans)} plans + framework.md`);
  const indexing = `the server had read ${int(p.indexedAtFirstAnswers)} of ${int(p.files)} files by then; all in ${secs(p.indexedMs)}`;
  row('first hover in a plan opened right after `initialized` (from didOpen)', `${msf(p.firstHoverMs)} (${indexing})`, `<= ${TARGETS.firstAnswerMs} ms`, p.firstHoverMs <= TARGETS.firstAnswerMs);
  row('first pull diagnostics of that plan (from didOpen)', msf(p.firstPullMs), `<= ${TARGETS.firstAnswerMs} ms`, p.firstPullMs <= TARGETS.firstAnswerMs);
  row(`${int(CONFIG.created)} Created files in one batch: until a workspace pull reports them all`, `${msf(p.createdMs)} (${int(p.createdReported)} reported)`, `<= ${TARGETS.createdMs} ms`, p.createdMs <= TARGETS.createdMs && p.createdReported === CONFIG.created);
  const pk = p.pullKeystroke;
  row(`keystroke to fresh pull diagnostics on the ${int(big.lines)}-line plan with ${int(p.plans)} plans indexed, p95`, `${msf(pk.p95)} (p50 ${msf(pk.p50)}, max ${msf(pk.max)}; ${pk.edits} edits)`, `<= ${TARGETS.keystrokeP95} ms`, pk.p95 <= TARGETS.keystrokeP95);
  row('a keystroke meanwhile: didChange to its fresh pull diagnostics, max', `${msf(p.createdKeystroke.max)} (${p.createdKeystroke.n} keystrokes, p50 ${msf(p.createdKeystroke.p50)})`, `<= ${TARGETS.keystrokeDuringEventsMs} ms`, p.createdKeystroke.max <= TARGETS.keystrokeDuringEventsMs);
  const idle = results.server.idle;
  section(`Server over stdio, pull mode: an idle editor, ${int(idle.plans)} plans`);
  row(`server CPU over ${secs(idle.windowMs)} idle, the workspace pulled every ${WORKSPACE_PULL_INTERVAL_MS / 1000} s with result ids`, `${idle.cpuPercent.toFixed(2)}% (${idle.pulls} pulls answered, each at most ${int(idle.maxBytes)} bytes and ${idle.maxFull} full reports${idle.held ? ', then one held to the end' : ''}; the first ${int(idle.firstPull.bytes)} bytes; RSS ${(idle.rssBytes / 2 ** 20).toFixed(0)} MB; indexed in ${secs(idle.indexedMs)})`, `<= ${TARGETS.idleCpuPercent}%`, idle.cpuPercent <= TARGETS.idleCpuPercent);
}
function diffRows() {
  const d = results.diff;
  section(`cplan diff --base HEAD over a git repository of ${int(d.plans)} plans, ${int(d.revised)} revised: median of ${d.diff.n} runs`);
  row(`cplan diff --base HEAD --format json (${int(d.slipped)} plans with a milestone slipped 4 quarters)`, `${secs(d.diff.median)} (min ${secs(d.diff.min)}, max ${secs(d.diff.max)})`);
  row(`cplan lint --format json of the ${int(d.revised)} revised files`, `${secs(d.lint.median)} (min ${secs(d.lint.min)}, max ${secs(d.lint.max)})`);
  row('ratio diff / lint', ratio(d.ratio), `<= ${TARGETS.diffVsLint.toFixed(1)}x`, d.ratio <= TARGETS.diffVsLint);
}
function cacheRows() {
  const k = results.cache;
  section(`CLI cache: cplan lint --format json --cache, ${int(k.plans)} plans (${int(k.files)} files), median of ${k.first.n} pairs`);
  row('first run: no cache file, lints every file and writes it', `${secs(k.first.median)} (min ${secs(k.first.min)}, max ${secs(k.first.max)}); cache ${(k.cacheBytes / 2 ** 20).toFixed(1)} MB`);
  row('second run: every file unchanged, served from the cache', `${secs(k.second.median)} (min ${secs(k.second.min)}, max ${secs(k.second.max)})`);
  row('ratio second / first', ratio(k.ratio), `<= ${TARGETS.cachedRun.toFixed(1)}x`, k.ratio <= TARGETS.cachedRun);
}
if (cli) cliRows();
if (results.cache) cacheRows();
if (results.diff) diffRows();
if (results.reports) reportRows(results.reports, { section, row, int, secs, msf, ratio });
if (results.server) serverRows();

const widths = ['what', 'figure', 'target', 'verdict'].map((key) => Math.max(key.length, ...rows.filter((r) => !r.section).map((r) => String(r[key]).length)));
const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
const bundlesAtEnd = bundleTimes();
const rebuilt = bundlesAtEnd.some((t, i) => t !== bundlesAtStart[i]);
const outLines = [];
outLines.push(`cplan benchmark (issue 6)${QUICK ? ' - QUICK smoke run: tiny corpora, 1 run each, no verdicts' : ''}`);
outLines.push(`machine: ${machine}`);
outLines.push(`load average (1/5/15 min): before ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${results.loadavg.after.map((x) => x.toFixed(2)).join(' ')}`);
outLines.push(`bundles: dist/cli.mjs built ${bundlesAtStart[0]}, dist/server.mjs ${bundlesAtStart[1]}; corpora: seed ${SEED}, bench/corpus.mjs, in ${tmp}${KEEP ? ' (kept)' : ' (deleted)'}`);
if (rebuilt) outLines.push(`WARNING: dist/ was rebuilt during the run (now cli.mjs ${bundlesAtEnd[0]}, server.mjs ${bundlesAtEnd[1]}): the figures may mix two builds`);
for (const r of rows) {
  if (r.section) {
    outLines.push('', `${r.section}`, '', line(['what', 'figure', 'target', 'verdict']), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  } else outLines.push(line([r.what, r.figure, r.target, r.verdict]));
}
outLines.push('');
const misses = rows.filter((r) => r.verdict === 'MISS').length;
const passes = rows.filter((r) => r.verdict === 'PASS').length;
if (!QUICK) outLines.push(`targets: ${passes} PASS, ${misses} MISS`);
outLines.push(`total bench time: ${secs(results.totalMs)}`);

const jsonPath = path.resolve(jsonArg ?? path.join(os.tmpdir(), `cplan-bench-${QUICK ? 'quick-' : ''}${new Date().toISOString().replace(/[:.]/g, '-')}.json`));
results.failures = failures;
results.table = outLines;
fs.mkdirSync(path.dirname(jsonPath), { recursive: true });
fs.writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
outLines.push(`figures as JSON: ${jsonPath}`);
for (const f of failures) outLines.push(`FAILED: ${f}`);
process.stdout.write(`${outLines.join('\n')}\n`);

// Hostile input (docs/security.md): each case in a fresh process; full runs only.
let hostileFailed = false;
if (!QUICK && !ONLY) {
  process.stdout.write('\nHostile input: one process per case, time to diagnostics and peak RSS (promise: 2 s, 300 MB)\n\n');
  const hostile = spawnSync(process.execPath, [fileURLToPath(new URL('./hostile.mjs', import.meta.url))], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(hostile.stdout);
  hostileFailed = hostile.status !== 0;
}

process.exitCode = failures.length || hostileFailed ? 1 : 0;
