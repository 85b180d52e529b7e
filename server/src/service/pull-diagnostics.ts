import { createHash } from 'node:crypto';
import type { Diagnostic as LspDiagnostic, DocumentDiagnosticReport, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver';
import type { Diagnostic } from '../core/lint.js';
import { toLspDiagnostic } from './convert.js';
import { inSlices } from './slices.js';
import type { Cancellation, WorkspaceIndex } from './workspace.js';

/** The result id of "no diagnostics": also what a document that is gone reports. */
const EMPTY_ID = resultIdOf([]);

/**
 * Result ids for pull diagnostics (LSP 3.17), so that a client that sends back the id it has gets `unchanged`
 * instead of every diagnostic again: VS Code pulls the whole workspace every 2 s. An id is a digest of the
 * diagnostics as sent, so it changes exactly when they do, whatever caused the new lint; the digest is taken
 * only when the index lints anew (its diagnostics are a new array then).
 */
export class PullDiagnostics {
  private readonly ids = new Map<string, { source: Diagnostic[]; resultId: string }>();

  constructor(private readonly index: WorkspaceIndex) {}

  /** The report of one document: `unchanged` when `previousResultId` is still its id. */
  document(key: string, previousResultId?: string): DocumentDiagnosticReport {
    const current = this.current(key);
    if (previousResultId === current.resultId) return { kind: 'unchanged', resultId: current.resultId };
    return { kind: 'full', resultId: current.resultId, items: current.items ?? this.items(key) };
  }

  /**
   * Full reports of the documents whose diagnostics differ from what the client has (`previous`: its URIs and
   * ids); the others are left out, which leaves the client's as they are. A document the client has an id for
   * that is gone gets an empty report, once.
   */
  async workspace(previous: ReadonlyMap<string, string>, clientUri: (key: string) => string, token?: Cancellation): Promise<WorkspaceDocumentDiagnosticReport[]> {
    const reports: WorkspaceDocumentDiagnosticReport[] = [];
    const seen = new Set<string>();
    await inSlices(this.index.files(), (file) => {
      const uri = clientUri(file.uri);
      seen.add(uri);
      const current = this.current(file.uri);
      if (previous.get(uri) === current.resultId) return;
      reports.push({ kind: 'full', uri, version: file.version, resultId: current.resultId, items: current.items ?? this.items(file.uri) });
    }, token);
    if (token?.isCancellationRequested) return reports;
    for (const [uri, resultId] of previous) {
      if (!seen.has(uri) && resultId !== EMPTY_ID) reports.push({ kind: 'full', uri, version: null, resultId: EMPTY_ID, items: [] });
    }
    for (const key of this.ids.keys()) if (!this.index.get(key)) this.ids.delete(key);
    return reports;
  }

  private current(key: string): { resultId: string; items?: LspDiagnostic[] } {
    const file = this.index.get(key);
    if (!file?.head.kind) {
      this.ids.delete(key);
      return { resultId: EMPTY_ID, items: [] };
    }
    const source = this.index.diagnostics(key);
    const known = this.ids.get(key);
    if (known?.source === source) return { resultId: known.resultId };
    const lines = file.lines;
    const items = source.map((d) => toLspDiagnostic(lines, d));
    const resultId = resultIdOf(items);
    this.ids.set(key, { source, resultId });
    return { resultId, items };
  }

  private items(key: string): LspDiagnostic[] {
    const file = this.index.get(key);
    if (!file) return [];
    const lines = file.lines;
    return this.index.diagnostics(key).map((d) => toLspDiagnostic(lines, d));
  }
}

function resultIdOf(items: readonly LspDiagnostic[]): string {
  return createHash('sha1').update(JSON.stringify(items)).digest('base64url').slice(0, 20);
}

/** Wakes whoever waits for the next time diagnostics may have changed (an edit, a file event, new settings). */
export class ChangeSignal {
  private readonly waiting = new Set<() => void>();

  notify(): void {
    const waiting = [...this.waiting];
    this.waiting.clear();
    for (const wake of waiting) wake();
  }

  /** Resolves at the next `notify`, or when the token is cancelled. */
  next(token?: Cancellation & { onCancellationRequested?(listener: () => void): unknown }): Promise<void> {
    return new Promise((resolve) => {
      if (token?.isCancellationRequested) return resolve();
      this.waiting.add(resolve);
      token?.onCancellationRequested?.(() => {
        this.waiting.delete(resolve);
        resolve();
      });
    });
  }
}
