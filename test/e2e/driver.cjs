// Opens VS Code's workbench (served by code-server) in headless Chromium with the smoke-test driver's payload,
// so that the workbench runs our mocha suite in its extension host; relays its output, takes the screenshots
// and makes the mouse clicks and key presses tests ask for, and exits with the suite's result.
// usage: node driver.cjs <serverUrl> <extensionDevelopmentPath> <extensionTestsPath> <workspaceFolder>
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');

const { chromium } = require(require.resolve('playwright-core', { paths: [process.env.CPLAN_PLAYWRIGHT ?? '', process.cwd()] }));
const [base, developmentPath, testsPath, workspace] = process.argv.slice(2);
const shots = process.env.CPLAN_E2E_SHOTS;
const timeoutMs = Number(process.env.CPLAN_E2E_TIMEOUT_MS ?? 300_000);

async function main() {
  const started = Date.now();
  const host = new URL(base).host;
  const remote = (p) => `vscode-remote://${host}${path.resolve(p)}`;
  const payload = [['extensionDevelopmentPath', remote(developmentPath)], ['extensionTestsPath', remote(testsPath)], ['skipWelcome', 'true'], ['skipReleaseNotes', 'true']];
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-chromium-'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    env: { ...process.env, XDG_CONFIG_HOME: profile },
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const timer = setTimeout(async () => {
    console.error(`the suite did not finish within ${timeoutMs} ms`);
    if (shots) await page.screenshot({ path: path.join(shots, 'timeout.png') }).catch(() => {});
    process.exit(124);
  }, timeoutMs);
  // Screenshots and clicks the suite asks for, one at a time, in the order asked.
  let actions = Promise.resolve();
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  // Both bindings must exist before the workbench loads.
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = util.format(...(Array.isArray(args) ? args : [args]));
    const request = /E2E_SCREENSHOT (\{.*\})/.exec(line);
    if (request) {
      const { name, ack } = JSON.parse(request[1]);
      actions = actions.then(async () => {
        if (shots) {
          const file = path.join(shots, `${name}.png`);
          await page.waitForTimeout(500);
          await page.screenshot({ path: file }).catch((e) => console.error(`screenshot ${name} failed: ${e.message}`));
          console.log(`screenshot saved: ${file}`);
        }
        fs.writeFileSync(ack, 'ok'); // always acknowledge, so no test waits for a picture nobody takes
      });
      return;
    }
    const input = /E2E_(CLICK|PRESS) (\{.*\})/.exec(line);
    if (input) {
      const { selector, key, ack } = JSON.parse(input[2]);
      actions = actions.then(async () => {
        const error = await inFrames(page, selector, (element) => (input[1] === 'CLICK' ? element.click({ timeout: 5_000 }) : element.press(key)));
        fs.writeFileSync(ack, error ? `error: ${error}` : 'ok');
      });
      return;
    }
    if (/cplan|passing|failing|pending|✔|✓|\d+\) |Error|AssertionError|expected|actual/i.test(line) && !/No signed-in session|open-vsx/.test(line)) console.log(line);
  });
  await page.exposeFunction('codeAutomationExit', (code) => finish(code));
  await page.goto(`${base}/?folder=${encodeURIComponent(path.resolve(workspace))}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  const code = await finished;
  clearTimeout(timer);
  await actions;
  console.log(`real VS Code suite finished with exit code ${code} after ${Date.now() - started} ms`);
  await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
  process.exit(code);
}

/**
 * A real mouse click or key press (focus, then the key) on the first element matching `selector` in any
 * frame: webviews are iframes nested in iframes, so every frame is searched, for a while, since a webview
 * may still be loading. Returns why it could not, or undefined.
 */
async function inFrames(page, selector, act, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let error = `no frame has ${selector}`;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      try {
        const element = await frame.$(selector);
        if (!element) continue;
        await act(element);
        return undefined;
      } catch (e) {
        error = e.message.split('\n')[0];
      }
    }
    await page.waitForTimeout(250);
  }
  return error;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
