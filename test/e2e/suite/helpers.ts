import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';

/** Resolves when `test` holds, checking after every diagnostics change; rejects after `timeoutMs`. */
export function waitFor<T>(test: () => T | undefined | false, what: string, timeoutMs = 20_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const value = test();
      if (value) {
        done();
        resolve(value);
      }
    };
    const subscription = vscode.languages.onDidChangeDiagnostics(check);
    const poll = setInterval(check, 250);
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const done = () => {
      subscription.dispose();
      clearInterval(poll);
      clearTimeout(timer);
    };
    check();
  });
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'cplan');
}

export function codeOf(d: vscode.Diagnostic): string {
  return String(typeof d.code === 'object' ? d.code.value : d.code);
}

/** The position of the first `needle` in a document, moved on by `shift` characters. */
export function find(document: vscode.TextDocument, needle: string, shift = 0): vscode.Position {
  const offset = document.getText().indexOf(needle);
  if (offset < 0) throw new Error(`${needle} not found in ${document.uri.path}`);
  return document.positionAt(offset + shift);
}

/**
 * Asks the runner for a screenshot of the live workbench (it must be taken while the extension host runs);
 * does nothing outside the code-server runner, e.g. under @vscode/test-electron.
 */
export async function screenshot(name: string): Promise<void> {
  if (process.env.CODE_SERVER_E2E !== '1') return;
  const ack = path.join(os.tmpdir(), `cplan-shot-${process.pid}-${name}`);
  console.log('E2E_SCREENSHOT ' + JSON.stringify({ name, ack }));
  for (let i = 0; i < 200 && !fs.existsSync(ack); i++) await new Promise((r) => setTimeout(r, 100));
  fs.rmSync(ack, { force: true });
}

/**
 * Asks the runner for a real mouse click on the first element matching `selector` in any frame of the
 * workbench (webviews included); resolves once it clicked. Only the code-server runner can click.
 */
export function click(selector: string): Promise<void> {
  return input('CLICK', { selector });
}

/** Asks the runner to focus the first element matching `selector` in any frame and press `key` there. */
export function press(selector: string, key: string): Promise<void> {
  return input('PRESS', { selector, key });
}

async function input(kind: 'CLICK' | 'PRESS', request: { selector: string; key?: string }): Promise<void> {
  if (process.env.CODE_SERVER_E2E !== '1') throw new Error('only the code-server runner can click and type');
  const ack = path.join(os.tmpdir(), `cplan-input-${process.pid}-${Date.now()}`);
  console.log(`E2E_${kind} ` + JSON.stringify({ ...request, ack }));
  for (let i = 0; i < 300 && !fs.existsSync(ack); i++) await new Promise((r) => setTimeout(r, 100));
  if (!fs.existsSync(ack)) throw new Error(`the runner did not answer ${kind} on ${request.selector}`);
  const outcome = fs.readFileSync(ack, 'utf8');
  fs.rmSync(ack, { force: true });
  if (outcome !== 'ok') throw new Error(`${kind} on ${request.selector}: ${outcome}`);
}

/** Retries an async probe until it gives a value; for state that has no event to wait on. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // not ready yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
