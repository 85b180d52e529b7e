// Times every hostile input of docs/security.md through the real linter (one fresh process each, so that
// memory is the case's own): `node bench/hostile.mjs` (needs `npm run build`). Prints a table; exit 1 if a
// case takes over 2 s or 300 MB, the promise of docs/security.md.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const FM = '---\nkind: commissioning-plan\nid: p\ntitle: T\norganisation: O\nperiod: 2024/25\nas_of: 2024-06-30\n---\n\n';
const block = (body) => '```yaml workstream\n' + body + '\n```\n';
const laughs = () => {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e'], ['g', 'f'], ['h', 'g']]) lines.push(`${name}: &${name} [${Array(9).fill('*' + prev).join(',')}]`);
  return lines.join('\n');
};

export const CASES = {
  'YAML alias bomb (billion laughs)': () => FM + block('id: WS1\ntitle: T\n' + laughs()),
  'merge-key loop': () => FM + block('id: WS1\ntitle: T\na: &a\n  <<: *a\n  x: 1'),
  '1,000-deep flow nesting': () => FM + block('id: WS1\ntitle: T\nlead: ' + '['.repeat(1000) + ']'.repeat(1000)),
  '1,000-deep block nesting': () => FM + block('id: WS1\ntitle: T\nlead:\n' + Array.from({ length: 1000 }, (_, i) => ' '.repeat(i + 1) + 'k:').join('\n')),
  '10 MB plan (16,000 blocks)': () => FM + (block('id: WS1\ntitle: T\naims: [A]') + 'Prose line with words.\n'.repeat(20)).repeat(16_700),
  '1 MB single line of prose': () => FM + 'x'.repeat(1_000_000) + '\n',
  '1 MB single YAML line': () => FM + block('id: WS1\ntitle: ' + 'y'.repeat(1_000_000)),
  '100,000 blocks': () => FM + block('id: W\ntitle: T').repeat(100_000),
  'flat map of 40,000 keys': () => FM + block('id: WS1\ntitle: T\n' + Array.from({ length: 40_000 }, (_, i) => `k${i}: ${i}`).join('\n')),
  '100 KB of binary bytes': () => FM + Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 256)).toString('latin1'),
  'ReDoS/CommonMark: 10 KB line of "- - -"': () => FM + '- '.repeat(5_000) + '\n',
  'ReDoS/CommonMark: 100 KB of "> > >"': () => FM + '> '.repeat(50_000) + '\n',
  'ReDoS/CommonMark: 100 KB of "[ (]("': () => FM + '[ (]('.repeat(20_000) + '\n',
  'ReDoS/CommonMark: 100 KB of "*a_ "': () => FM + '*a_ '.repeat(25_000) + '\n',
  'ReDoS: 100 KB of spaces in a heading': () => FM + '# a' + ' '.repeat(100_000) + 'b\n',
  'ReDoS: 100 KB of backticks': () => FM + '`'.repeat(100_000) + '\n',
  'ReDoS: 100 KB period value': () => FM + block('id: WS1\ntitle: T\nmilestones:\n  - id: M\n    title: T\n    status: on-track\n    due: ' + 'Q4 '.repeat(33_000)),
};

function runCase(name) {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--case', name], { encoding: 'utf8', timeout: 60_000 });
  if (child.status !== 0) return { name, error: child.stderr.trim() || `exit ${child.status} ${child.signal ?? ''}` };
  return JSON.parse(child.stdout);
}

if (process.argv[2] === '--case') {
  const name = process.argv[3];
  const { lintText } = await import('../out/server/src/index.js');
  const text = CASES[name]();
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const { messages } = lintText(text);
  const ms = performance.now() - started;
  const rules = [...new Set(messages.map((m) => m.ruleId))];
  process.stdout.write(JSON.stringify({ name, bytes: Buffer.byteLength(text), ms, rssMb: process.memoryUsage().rss / 1e6, grewMb: (process.memoryUsage().rss - before) / 1e6, messages: messages.length, rules }));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let failed = false;
  console.log('| input | size | time | peak RSS | diagnostics |\n| --- | --- | --- | --- | --- |');
  for (const name of Object.keys(CASES)) {
    const r = runCase(name);
    if (r.error) {
      failed = true;
      console.log(`| ${name} | | FAILED: ${r.error} | | |`);
      continue;
    }
    const over = r.ms > 2000 || r.rssMb > 300;
    failed ||= over;
    console.log(`| ${name} | ${(r.bytes / 1e6).toFixed(2)} MB | ${r.ms.toFixed(0)} ms${over ? ' MISS' : ''} | ${r.rssMb.toFixed(0)} MB | ${r.messages} (${r.rules.join(', ') || 'none'}) |`);
  }
  process.exitCode = failed ? 1 : 0;
}
