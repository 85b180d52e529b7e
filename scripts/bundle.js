// Bundles the CLI, the language server and the VS Code extension into single files: one file loads much faster than hundreds of modules.
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

// The VS Code extension: CommonJS, with `vscode` provided by the editor.
await build({
  entryPoints: { extension: 'out/client/src/extension.js' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  external: ['vscode'],
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});

// The real-editor test suite: CommonJS, as VS Code's extension host loads test runners; mocha comes from node_modules.
await build({
  entryPoints: { suite: 'out/test/e2e/suite/index.js' },
  outdir: 'out/e2e',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
