#!/usr/bin/env node
// The language server: `cplan-language-server --stdio` (or --node-ipc). Bundled into dist/ by `npm run build`.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/server.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('cplan-language-server: not built yet; run `npm run build` (or `npm ci`) first\n');
  process.exit(2);
}
await import(bundle.href);
