import { createHash } from 'node:crypto';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import type { Diagnostic } from '../core/lint.js';

interface Sent {
  version: number | null;
  /** The core diagnostics the publish was made from: the same array (a lint cache hit) is the same publish. */
  diagnostics: readonly Diagnostic[];
  /** A digest of what was sent; made only when a later publish of the same version may have to be compared. */
  digest?: string;
}

/**
 * What was last published for each document, so that a set of diagnostics that did not change is not sent
 * again: a framework edit re-checks the plans whose lint reads what changed, and most of them come out the same.
 */
export class PublishedDiagnostics {
  private readonly sent = new Map<string, Sent>();

  /**
   * Whether to send `items` (made from `diagnostics`) for a document at a version; remembers them when so. A new
   * version of a buffer is always sent: the client pairs diagnostics with the version they are for.
   */
  shouldSend(key: string, version: number | null, diagnostics: readonly Diagnostic[], items: () => LspDiagnostic[]): LspDiagnostic[] | undefined {
    const last = this.sent.get(key);
    if (last && last.version === version && last.diagnostics === diagnostics) return undefined;
    const list = items();
    // A buffer's own edits bring a new version each keystroke: no digest then, as it would only be compared to the next version.
    const compare = version === null || last?.version === version;
    const digest = compare ? createHash('sha1').update(JSON.stringify(list)).digest('base64') : undefined;
    if (last && last.version === version && digest !== undefined && last.digest === digest) {
      last.diagnostics = diagnostics;
      return undefined;
    }
    this.sent.set(key, { version, diagnostics, digest });
    return list;
  }

  forget(key: string): void {
    this.sent.delete(key);
  }
}
