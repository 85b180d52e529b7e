// The same real-editor suite under @vscode/test-electron, for machines that can download VS Code
// (`npm run test:electron`). Here the extension under test is this folder rather than the installed .vsix.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { runTests } = require('@vscode/test-electron');

const repo = path.resolve(__dirname, '..', '..');
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-electron-'));
fs.cpSync(path.join(repo, 'examples'), workspace, { recursive: true });

runTests({
  extensionDevelopmentPath: repo,
  extensionTestsPath: path.join(repo, 'out', 'e2e', 'suite.cjs'),
  launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  extensionTestsEnv: { CPLAN_REPO: repo },
}).then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
