#!/usr/bin/env node
// The CLI is bundled into dist/ by `npm run build` (run by `npm ci` through `prepare`).
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('cplan: not built yet; run `npm run build` (or `npm ci`) first\n');
  process.exit(2);
}
await import(bundle.href);
