// Writes the README's pictures of the board pack and the portfolio (docs/images/*.png): `cplan report` of the
// examples as a portfolio site, photographed by Debian's Chromium (`chromium --headless --screenshot`).
// `node scripts/gen-screenshots.js` after `npm run build`; needs /usr/bin/chromium.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-screenshots-'));
const site = path.join(work, 'site');

const report = spawnSync(process.execPath, ['bin/cplan.js', 'report', 'examples/', '--out', `${site}/`, '--as-of', '2025-06-30'], { cwd: root, encoding: 'utf8' });
if (report.status !== 0) throw new Error(`cplan report failed: ${report.stderr}`);

const SHOTS = [
  { file: 'portfolio.png', page: 'index.html', size: '1100,860' },
  { file: 'board-pack.png', page: 'plans/ncl-adt-2025-26-with-problems.html', size: '1100,1000' },
  // A small plan, whole: its timeline and metric chart.
  { file: 'board-pack-brent.png', page: 'plans/brent-liver-case-finding-2023-24.html', size: '1100,1700' },
];

const profile = path.join(work, 'profile');
const env = { ...process.env, HOME: work, XDG_CONFIG_HOME: profile, XDG_CACHE_HOME: profile, TMPDIR: work };
for (const shot of SHOTS) {
  const out = path.join(root, 'docs', 'images', shot.file);
  const url = pathToFileURL(path.join(site, shot.page)).href;
  const run = spawnSync(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--force-device-scale-factor=1', `--user-data-dir=${profile}`,
    `--window-size=${shot.size}`, `--screenshot=${out}`, url], { encoding: 'utf8', env, timeout: 60_000 });
  if (!fs.existsSync(out)) throw new Error(`chromium wrote no ${shot.file}: ${run.stderr}`);
  console.log(`${path.relative(root, out)}: ${fs.statSync(out).size} bytes`);
}
fs.rmSync(work, { recursive: true, force: true });
