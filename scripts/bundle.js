// Bundles the CLI, the language server and the VS Code extension into single files: one file loads much faster than hundreds of modules.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning' };
const commonJs = { ...common, format: 'cjs', outExtension: { '.js': '.cjs' } };

// `cplan import` and `cplan report --format xlsx` are a bundle of their own (cli/spreadsheets.ts), loaded by the CLI
// only for those: exceljs and csv-parse are most of it.
const importApart = {
  name: 'import-apart',
  setup(build) {
    build.onResolve({ filter: /\/(import-command|spreadsheets)\.js$/ }, (args) => (args.kind === 'dynamic-import' ? { path: './import.mjs', external: true } : undefined));
  },
};

// The CLI, the language server and the library (`import ... from 'cplan'`): ES modules, with `require` for the CommonJS packages they bundle.
await build({
  ...common,
  entryPoints: { cli: 'out/server/src/cli/run.js', server: 'out/server/src/lsp/main.js', lib: 'out/server/src/index.js', import: 'out/server/src/cli/spreadsheets.js' },
  plugins: [importApart],
  outdir: 'dist',
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  sourcemap: true,
  banner: { js: "import { createRequire as __cplanCreateRequire } from 'node:module'; const require = __cplanCreateRequire(import.meta.url);" },
});

// The VS Code extension, with `vscode` provided by the editor.
await build({ ...commonJs, entryPoints: { extension: 'out/client/src/extension.js' }, outdir: 'dist', external: ['vscode'], minify: true, sourcemap: true });

// The real-editor test suite, as VS Code's extension host loads test runners; mocha comes from node_modules.
await build({ ...commonJs, entryPoints: { suite: 'out/test/e2e/suite/index.js' }, outdir: 'out/e2e', external: ['vscode', 'mocha'] });
