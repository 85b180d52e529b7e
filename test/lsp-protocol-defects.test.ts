import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { URI } from 'vscode-uri';
import {
  ErrorCodes, SymbolKind,
  type ClientCapabilities, type CodeAction, type Command, type CompletionItem, type CompletionList, type Diagnostic, type DocumentLink, type DocumentSymbol,
  type Hover, type Location, type MarkupContent, type Range, type SymbolInformation, type WorkspaceEdit, type WorkspaceSymbol,
} from 'vscode-languageserver-protocol';
import { LspClient, SERVER, exampleWorkspace, fullCapabilities, positionOf } from './helpers/lsp.js';
import { REPO_ROOT } from './helpers/cli.js';

const PLAN = `---
kind: commissioning-plan
id: caps
title: Capabilities
organisation: NCL Cancer Alliance
period: 2024/25-2025/26
framework: builtin:ncl-cancer-2023-28
aims: [SA1]
as_of: 2025-06-30
---

# Capabilities

This plan serves SA1 through WS1.

\`\`\`yaml workstream
id: WS1
title: Faster diagnosis
aims: [SA1]
milestones:
  - id: WS1-M1
    title: Pathway live
    due: Q4 2024/25
    status: on-track
metrics:
  - id: WS1-K1
    title: Faster Diagnosis Standard
    unit: "%"
    baseline: {value: 77, period: 2024/25}
    target: {value: 80, due: Q4 2025/26}
    source: CWT
\`\`\`

`;

/** The same plan with a front matter line left empty for key completion. */
const KEYS_PLAN = PLAN.replace('organisation: NCL Cancer Alliance\n', '\n');

const BUILTIN_FILE = path.join(REPO_ROOT, 'frameworks', 'ncl-cancer-2023-28.md');
const BUILTIN_FILE_URI = URI.file(BUILTIN_FILE).toString();
const BUILTIN_TEXT = fs.readFileSync(BUILTIN_FILE, 'utf8');

const MINIMAL: ClientCapabilities = {};
const EDITS_ONLY: ClientCapabilities = { workspace: { applyEdit: true } };

const items = (result: CompletionItem[] | CompletionList | null) => (Array.isArray(result) ? result : result?.items ?? []);
const endOf = (text: string): { line: number; character: number } => ({ line: text.split('\n').length - 1, character: 0 });
const textAt = (text: string, range: Range) => text.split('\n')[range.start.line].slice(range.start.character, range.end.character);
const WHOLE_MILESTONE: Range = { start: positionOf(PLAN, '  - id: WS1-M1'), end: positionOf(PLAN, 'metrics:') };

async function rejection(promise: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    const value = await promise;
    assert.fail(`expected an error, got ${JSON.stringify(value)}`);
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error;
    return error as { code: number; message: string };
  }
}

describe('language server protocol: client capabilities, built-in framework files, bad input on the wire', function () {
  this.timeout(60_000);
  const clients: LspClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.stop()));
  });

  async function start(capabilities: ClientCapabilities, moreRoots?: string[]): Promise<{ client: LspClient; uri: string }> {
    const client = await LspClient.start({ root: exampleWorkspace({ 'caps.md': PLAN, 'keys.md': KEYS_PLAN }), capabilities, moreRoots });
    clients.push(client);
    const uri = await client.open('caps.md');
    await client.diagnostics(uri);
    return { client, uri };
  }

  describe('client capabilities are honoured, for a minimal and a full client', () => {
    it('offers snippets only to a client that declares snippetSupport', async () => {
      for (const [capabilities, snippets] of [[MINIMAL, false], [fullCapabilities(), true]] as const) {
        const { client, uri } = await start(capabilities);
        const body = items(await client.request('textDocument/completion', { textDocument: { uri }, position: endOf(PLAN) }));
        assert.deepEqual(body.map((i) => i.label), snippets ? ['cplan: workstream block', 'cplan: aims block', 'cplan: priorities block'] : []);
        const listText = PLAN.replace('milestones:\n', 'milestones:\n  \n');
        const list = await client.open('list.md', listText);
        const inList = items(await client.request('textDocument/completion', { textDocument: { uri: list }, position: positionOf(listText, 'milestones:\n  \n', 14) }));
        assert.equal(inList.some((i) => i.insertTextFormat === 2), snippets, inList.map((i) => i.label).join());
      }
    });

    it('sends hovers as Markdown only to a client that takes Markdown', async () => {
      const cases: [ClientCapabilities, string][] = [
        [MINIMAL, 'plaintext'],
        [{ textDocument: { hover: { contentFormat: ['plaintext'] } } }, 'plaintext'],
        [fullCapabilities(), 'markdown'],
      ];
      for (const [capabilities, kind] of cases) {
        const { client, uri } = await start(capabilities);
        const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(PLAN, 'aims: [SA1]\nmilestones', 8) });
        const contents = hover.contents as MarkupContent;
        assert.equal(contents.kind, kind);
        if (kind === 'markdown') {
          assert.match(contents.value, /^\*\*Aim\*\* `SA1`: Improve survival/);
        } else {
          assert.match(contents.value, /^Aim SA1: Improve survival, focusing on early diagnosis, and prevention\n\nDefined in built-in framework builtin:ncl-cancer-2023-28, line \d+\n/);
          assert.doesNotMatch(contents.value, /\*\*|`|\]\(|\\/);
        }
      }
    });

    it('sends completion documentation as Markdown only to a client that takes Markdown', async () => {
      const cases: [ClientCapabilities, boolean][] = [[MINIMAL, false], [{ textDocument: { completion: { completionItem: { documentationFormat: ['plaintext'] } } } }, false], [fullCapabilities(), true]];
      for (const [capabilities, markdown] of cases) {
        const { client } = await start(capabilities);
        const uri = await client.open('keys.md');
        const keys = items(await client.request('textDocument/completion', { textDocument: { uri }, position: positionOf(KEYS_PLAN, '\nperiod:') }));
        const organisation = keys.find((i) => i.label === 'organisation')!;
        if (markdown) {
          assert.equal((organisation.documentation as MarkupContent).kind, 'markdown');
        } else {
          assert.equal(typeof organisation.documentation, 'string');
          assert.match(organisation.documentation as string, /North Central London Cancer Alliance/);
          assert.ok(keys.every((i) => i.documentation === undefined || typeof i.documentation === 'string'));
        }
      }
    });

    it('sends link tooltips only to a client with tooltipSupport', async () => {
      for (const [capabilities, tooltips] of [[MINIMAL, false], [fullCapabilities(), true]] as const) {
        const { client, uri } = await start(capabilities);
        const links = await client.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri } });
        assert.ok(links.length >= 2, JSON.stringify(links));
        assert.equal(links.every((l) => l.tooltip !== undefined), tooltips, JSON.stringify(links));
        assert.equal(links.some((l) => l.tooltip !== undefined), tooltips, JSON.stringify(links));
      }
    });

    it('sends code action literals to a client that takes them, commands that it executes to one that does not, nothing to one that cannot apply edits', async () => {
      const full = await start(fullCapabilities());
      const literals = await full.client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: full.uri }, range: WHOLE_MILESTONE, context: { diagnostics: [] } });
      const markDone = literals.find((a) => /^Mark `WS1-M1` done/.test(a.title));
      assert.ok(markDone?.edit, JSON.stringify(literals));
      assert.equal(full.client.initializeResult!.capabilities.executeCommandProvider, undefined);

      const commandsOnly = await start(EDITS_ONLY);
      const provider = commandsOnly.client.initializeResult!.capabilities.executeCommandProvider;
      assert.ok(provider?.commands.length, 'the server offers the command that applies a fix');
      const commands = await commandsOnly.client.request<Command[]>('textDocument/codeAction', { textDocument: { uri: commandsOnly.uri }, range: WHOLE_MILESTONE, context: { diagnostics: [] } });
      assert.deepEqual(commands.map((c) => c.title), literals.map((a) => a.title));
      assert.ok(commands.every((c) => typeof c.command === 'string' && provider.commands.includes(c.command) && !('edit' in c) && !('kind' in c)), JSON.stringify(commands));
      const command = commands.find((c) => c.title === markDone.title)!;
      await commandsOnly.client.request('workspace/executeCommand', { command: command.command, arguments: command.arguments });
      assert.equal(commandsOnly.client.appliedEdits.length, 1, 'the server asked the client to apply the fix');
      const uriOf = (edit: WorkspaceEdit) => Object.keys(edit.changes ?? {});
      assert.deepEqual(uriOf(commandsOnly.client.appliedEdits[0]), [commandsOnly.uri]);
      assert.deepEqual(Object.values(commandsOnly.client.appliedEdits[0].changes!), Object.values(markDone.edit.changes!));

      const cannotEdit = await start(MINIMAL);
      assert.deepEqual(await cannotEdit.client.request('textDocument/codeAction', { textDocument: { uri: cannotEdit.uri }, range: WHOLE_MILESTONE, context: { diagnostics: [] } }), []);
      assert.equal(cannotEdit.client.initializeResult!.capabilities.executeCommandProvider, undefined);
    });

    it('a fix command for a document that changed since is not applied', async () => {
      const { client, uri } = await start(EDITS_ONLY);
      const [command] = await client.request<Command[]>('textDocument/codeAction', { textDocument: { uri }, range: WHOLE_MILESTONE, context: { diagnostics: [] } });
      const version = await client.change(uri, [{ range: { start: { line: 12, character: 0 }, end: { line: 12, character: 0 } }, text: 'Edited. ' }]);
      await client.diagnostics(uri, (p) => p.version === version);
      const error = await rejection(client.request('workspace/executeCommand', { command: command.command, arguments: command.arguments }));
      assert.match(error.message, /changed/);
      assert.equal(client.appliedEdits.length, 0);
    });

    it('sends a nested outline only to a client with hierarchicalDocumentSymbolSupport, else flat symbols', async () => {
      const full = await start(fullCapabilities());
      const nested = await full.client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: full.uri } });
      assert.deepEqual(nested.map((s) => [s.name, s.children?.map((c) => c.name)]), [['WS1', ['WS1-M1', 'WS1-K1']]]);

      const minimal = await start(MINIMAL);
      const flat = await minimal.client.request<SymbolInformation[]>('textDocument/documentSymbol', { textDocument: { uri: minimal.uri } });
      assert.deepEqual(flat.map((s) => [s.name, s.kind, s.containerName, s.location.uri]), [
        ['WS1', SymbolKind.Module, undefined, minimal.uri],
        ['WS1-M1', SymbolKind.Event, 'WS1', minimal.uri],
        ['WS1-K1', SymbolKind.Number, 'WS1', minimal.uri],
      ]);
      assert.deepEqual(flat[0].location.range, nested[0].range);
      assert.ok(flat.every((s) => !('children' in s) && !('selectionRange' in s)));
    });
  });

  describe('built-in frameworks reach the client as the shipped file frameworks/<name>.md', () => {
    it('definition, references, related locations, links, hovers, workspace symbols and the report name the file', async () => {
      const { client, uri } = await start(fullCapabilities());
      const at = { textDocument: { uri }, position: positionOf(PLAN, 'aims: [SA1]\nmilestones', 8) };
      const [definition] = await client.request<Location[]>('textDocument/definition', at);
      assert.equal(definition.uri, BUILTIN_FILE_URI);
      assert.equal(textAt(BUILTIN_TEXT, definition.range), 'SA1');
      const [framework] = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: positionOf(PLAN, 'builtin:ncl', 3) });
      assert.equal(framework.uri, BUILTIN_FILE_URI);
      const references = await client.request<Location[]>('textDocument/references', { ...at, context: { includeDeclaration: true } });
      assert.deepEqual(references[0], definition);
      const links = await client.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri } });
      assert.deepEqual(links.map((l) => l.target?.split('#')[0]), [BUILTIN_FILE_URI, BUILTIN_FILE_URI, uri]);
      const hover = await client.request<Hover>('textDocument/hover', at);
      assert.ok((hover.contents as MarkupContent).value.includes(`](${BUILTIN_FILE_URI}#L${definition.range.start.line + 1})`));
      const symbols = await client.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'SA1' });
      assert.deepEqual(symbols.filter((s) => s.name.startsWith('SA1:')).map((s) => (s.location as Location).uri), [BUILTIN_FILE_URI]);
      const report = await client.request<{ frameworkUri: string }>('cplan/report', { uri });
      assert.equal(report.frameworkUri, BUILTIN_FILE_URI);

      const redefines = await client.open('redefines.md', PLAN.replace('# Capabilities', '# Capabilities\n\n```yaml aims\n- id: SA1\n  title: Local copy\n```'));
      const published = await client.diagnostics(redefines, (p) => p.diagnostics.some((d) => d.code === 'duplicate-id'));
      const duplicate = published.diagnostics.find((d: Diagnostic) => d.code === 'duplicate-id')!;
      assert.equal(duplicate.relatedInformation?.[0].location.uri, BUILTIN_FILE_URI);
      assert.equal(textAt(BUILTIN_TEXT, duplicate.relatedInformation![0].location.range), 'SA1');
    });

    it('the shipped file inside a workspace folder is the built-in framework itself, not a second copy of its ids', async () => {
      const { client, uri } = await start(fullCapabilities(), [path.dirname(BUILTIN_FILE)]);
      const shipped = await client.diagnostics(BUILTIN_FILE_URI);
      assert.deepEqual(shipped.diagnostics, []);
      const symbols = await client.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'SA1' });
      assert.deepEqual(symbols.filter((s) => s.name.startsWith('SA1:')).map((s) => (s.location as Location).uri), [BUILTIN_FILE_URI]);
      // Naming the framework by its id finds the same framework.
      const byId = await client.open('by-id.md', PLAN.replace('builtin:ncl-cancer-2023-28', 'ncl-cancer-2023-28'));
      assert.deepEqual((await client.diagnostics(byId)).diagnostics.map((d) => d.code), ['overdue-milestone']);

      // Opened after a go to definition, the file answers as the built-in framework: its aims are served by the plans.
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: BUILTIN_FILE_URI, languageId: 'markdown', version: 1, text: BUILTIN_TEXT } });
      const sa1 = { textDocument: { uri: BUILTIN_FILE_URI }, position: positionOf(BUILTIN_TEXT, '- id: SA1', 7) };
      const hover = await client.request<Hover>('textDocument/hover', sa1);
      assert.match((hover.contents as MarkupContent).value, /Served by \d+ workstreams? in \d+ plans?/);
      const references = await client.request<Location[]>('textDocument/references', { ...sa1, context: { includeDeclaration: false } });
      assert.ok(references.some((r) => r.uri === uri), JSON.stringify(references));
      assert.deepEqual((await client.diagnostics(BUILTIN_FILE_URI, (p) => p.version === 1)).diagnostics, []);
    });

    it('a copy of cplan that does not ship frameworks/ falls back to cplan-builtin: URIs, whose text the server serves', async () => {
      const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-unshipped-'));
      fs.mkdirSync(path.join(copy, 'dist'));
      fs.copyFileSync(path.join(REPO_ROOT, 'dist', 'server.mjs'), path.join(copy, 'dist', 'server.mjs'));
      const client = await LspClient.start({ root: exampleWorkspace({ 'caps.md': PLAN }), server: path.join(copy, 'dist', 'server.mjs') });
      clients.push(client);
      const uri = await client.open('caps.md');
      await client.diagnostics(uri);
      const [definition] = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: positionOf(PLAN, 'aims: [SA1]\nmilestones', 8) });
      assert.equal(definition.uri, 'cplan-builtin:/ncl-cancer-2023-28.md');
      assert.equal(await client.request('cplan/builtinFramework', { name: 'ncl-cancer-2023-28' }), BUILTIN_TEXT);
      assert.equal(textAt(BUILTIN_TEXT, definition.range), 'SA1');
    });
  });

  describe('bad input on the wire', () => {
    it('answers InvalidParams to positions, ranges and URIs that are missing or not what the protocol says, and keeps answering', async () => {
      const { client, uri } = await start(fullCapabilities());
      const document = { uri };
      const position = positionOf(PLAN, 'aims: [SA1]\nmilestones', 8);
      const range = WHOLE_MILESTONE;
      const bad: [string, unknown][] = [
        ['textDocument/hover', { textDocument: document, position: null }],
        ['textDocument/hover', { textDocument: document, position: { line: '23', character: 0 } }],
        ['textDocument/hover', { textDocument: document, position: { line: -1, character: 0 } }],
        ['textDocument/hover', { textDocument: document, position: { line: 1.5, character: 0 } }],
        ['textDocument/hover', { textDocument: document }],
        ['textDocument/hover', { textDocument: null, position }],
        ['textDocument/hover', { textDocument: { uri: 42 }, position }],
        ['textDocument/hover', { textDocument: { uri: 'not a uri' }, position }],
        ['textDocument/definition', { textDocument: document, position: { line: null, character: null } }],
        ['textDocument/completion', { textDocument: document, position: { line: 0 } }],
        ['textDocument/references', { textDocument: document, position }],
        ['textDocument/codeAction', { textDocument: document, range: null, context: { diagnostics: [] } }],
        ['textDocument/codeAction', { textDocument: document, range }],
        ['textDocument/inlayHint', { textDocument: document, range: { start: position } }],
        ['textDocument/documentSymbol', { textDocument: {} }],
        ['textDocument/documentLink', {}],
        ['workspace/symbol', { query: null }],
        ['cplan/report', { uri: 5 }],
        ['textDocument/hover', null],
      ];
      for (const [method, params] of bad) {
        const error = await rejection(client.request(method, params));
        assert.equal(error.code, ErrorCodes.InvalidParams, `${method} ${JSON.stringify(params)}: ${JSON.stringify(error)}`);
        assert.match(error.message, /^Invalid params for [\w/]+: /, error.message);
      }
      const hover = await client.request<Hover>('textDocument/hover', { textDocument: document, position });
      assert.match((hover.contents as MarkupContent).value, /SA1/);
      assert.deepEqual(client.stderr.join(''), '');
    });

    it('leaves out document notifications it cannot apply, says so in the log, and keeps the text it has', async () => {
      const { client, uri } = await start(fullCapabilities());
      const broken = [
        ['textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: null, text: 'x' }] }],
        ['textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 'a', character: null }, end: { line: 0, character: 0 } }, text: 'x' }] }],
        ['textDocument/didChange', { textDocument: { uri, version: 4 } }],
        ['textDocument/didOpen', { textDocument: { uri: 5, languageId: 'markdown', version: 1, text: null } }],
      ] as const;
      for (const [method, params] of broken) await client.connection.sendNotification(method, params);
      const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
      assert.deepEqual(symbols.map((s) => s.name), ['WS1'], 'the text is as opened');
      const version = await client.change(uri, [{ range: { start: positionOf(PLAN, 'WS1\ntitle'), end: positionOf(PLAN, 'WS1\ntitle', 3) }, text: 'WS2' }]);
      const after = await client.diagnostics(uri, (p) => p.version === version);
      assert.deepEqual(after.diagnostics.map((d) => d.code), ['overdue-milestone'], 'a good change after them applies to the right text');
      assert.deepEqual((await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } })).map((s) => s.name), ['WS2']);
      const ignored = client.logs.filter((l) => l.includes('The notification was left out'));
      assert.equal(ignored.length, broken.length, client.logs.join('\n'));
      assert.match(ignored[0], /^cplan: Invalid params for textDocument\/didChange: `contentChanges\[0\]\.range` must be a range/);
      assert.ok(client.logs.every((l) => !/\n\s+at /.test(l)), 'no stack traces');
    });

    it('rename takes only a string newName', async () => {
      const { client, uri } = await start(fullCapabilities());
      const position = positionOf(PLAN, 'id: WS1\n', 4);
      for (const newName of [['WS7'], true, 7, null]) {
        const error = await rejection(client.request('textDocument/rename', { textDocument: { uri }, position, newName }));
        assert.equal(error.code, ErrorCodes.InvalidParams, `${JSON.stringify(newName)}: ${JSON.stringify(error)}`);
        assert.match(error.message, /newName/);
      }
      const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position, newName: 'WS7' });
      assert.deepEqual(Object.values(edit.changes!).flat().map((e) => e.newText), ['WS7']);
    });

    it('answers a second initialize with an error and carries on', async () => {
      const { client, uri } = await start(fullCapabilities());
      const error = await rejection(client.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} }));
      assert.equal(error.code, ErrorCodes.InvalidRequest);
      assert.match(error.message, /initialize/);
      const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(PLAN, 'aims: [SA1]\nmilestones', 8) });
      assert.equal((hover.contents as MarkupContent).kind, 'markdown', 'the first client capabilities stand');
    });

    describe('raw bytes over stdio', () => {
      const children: ChildProcess[] = [];
      afterEach(() => {
        for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill();
      });

      const frame = (message: object) => {
        const json = JSON.stringify({ jsonrpc: '2.0', ...message });
        return `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`;
      };

      /** The server with nothing in between: bytes in, the exit code out. */
      async function rawServer() {
        const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
        children.push(child);
        let stdout = '';
        let stderr = '';
        child.stdout!.on('data', (chunk) => (stdout += chunk));
        child.stderr!.on('data', (chunk) => (stderr += chunk));
        const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        const answered = (id: number) => new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no answer to request ${id}: ${stdout}`)), 20_000);
          const check = () => {
            if (stdout.includes(`"id":${id},`) || stdout.includes(`"id":${id}}`)) {
              clearTimeout(timer);
              resolve();
            } else child.stdout!.once('data', check);
          };
          check();
        });
        child.stdin!.write(frame({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } }));
        await answered(1);
        child.stdin!.write(frame({ method: 'initialized', params: {} }));
        const exit = async () => {
          const code = await Promise.race([exited, new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 15_000))]);
          return { code, stderr };
        };
        return { child, answered, exit };
      }

      for (const [name, header] of [['no Content-Length', 'Content-Type: application/vscode-jsonrpc; charset=utf-8'], ['a Content-Length that is not a number', 'Content-Length: twelve']]) {
        it(`exits non-zero after a message with ${name}, so that the client restarts it`, async () => {
          const server = await rawServer();
          server.child.stdin!.write(`${header}\r\n\r\n{"jsonrpc":"2.0","id":2,"method":"shutdown"}`);
          const { code, stderr } = await server.exit();
          assert.equal(code, 1, 'the server exited with code 1');
          assert.match(stderr, /cplan-language-server: .*Content-Length.*; exiting/);
          assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
        });
      }

      it('exits when its standard input closes while the client process lives: 1, or 0 after a shutdown', async () => {
        const abandoned = await rawServer();
        abandoned.child.stdin!.end();
        assert.equal((await abandoned.exit()).code, 1);
        const shutDown = await rawServer();
        shutDown.child.stdin!.write(frame({ id: 2, method: 'shutdown' }));
        await shutDown.answered(2);
        shutDown.child.stdin!.end();
        assert.equal((await shutDown.exit()).code, 0);
      });

      it('a well-framed message that is not JSON is skipped, and the server keeps answering', async () => {
        const server = await rawServer();
        server.child.stdin!.write('Content-Length: 9\r\n\r\n{"broken}');
        server.child.stdin!.write(frame({ id: 3, method: 'workspace/symbol', params: { query: 'SA1' } }));
        await server.answered(3);
        assert.equal(server.child.exitCode, null);
      });
    });
  });
});
