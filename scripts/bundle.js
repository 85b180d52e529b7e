// Bundles the CLI and the language server (and later the extension) into single files: one file loads much faster than hundreds of modules.
import { build } from 'esbuild';

await build({
  entryPoints: { cli: 'out/server/src/cli/run.js', server: 'out/server/src/lsp/main.js' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cplanCreateRequire } from 'node:module'; const require = __cplanCreateRequire(import.meta.url);" },
});
