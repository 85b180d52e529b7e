import fs from 'node:fs';
import path from 'node:path';
import { URI } from 'vscode-uri';
import { isInside } from '../node/files.js';

/**
 * The one translation between the URIs a client uses and the keys of the index. A file's key is the URI of
 * its real path: Neovim sends `( ) + & '` unencoded and a workspace opened through a symlink names files by
 * another path, and either would otherwise index one file twice. Answers go back in the client's own words:
 * the URI it opened a document with, or for other files the path under the workspace folder it gave.
 */
export class ClientUris {
  private readonly opened = new Map<string, string>();
  /** Opened documents whose client URI is not their key: while there are none, and no folder is a link, every key is the client's URI. */
  private renamed = 0;
  private roots: { client: string; real: string }[] = [];
  /** Whether a workspace folder was named through a link: only then do answers need their paths translated. */
  private linkedRoot = false;
  /**
   * Real paths of the folders of URIs seen: every request names its document, and a batch of file events names
   * a thousand files in a few folders, so a full `realpath` each time (an `lstat` per path segment) was most of
   * the cost. Forgotten whenever the disk changes (`forgetFolders`), as a folder may have become a link.
   */
  private readonly realFolders = new Map<string, string>();

  /** Workspace folders as the client named them; returns their real paths, which the index walks. */
  setRoots(clientPaths: readonly string[]): string[] {
    this.forgetFolders();
    this.roots = clientPaths.map((client) => ({ client, real: realPath(client) }));
    this.linkedRoot = this.roots.some((r) => r.client !== r.real);
    return this.roots.map((r) => r.real);
  }

  forgetFolders(): void {
    this.realFolders.clear();
  }

  /** The index's key for a URI the client sent. */
  toKey(uri: string): string {
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') return uri;
    return URI.file(this.realPathOf(parsed.fsPath)).toString();
  }

  private realPathOf(filePath: string): string {
    const folder = path.dirname(filePath);
    if (folder === filePath) return filePath;
    let realFolder = this.realFolders.get(folder);
    if (realFolder === undefined) this.realFolders.set(folder, (realFolder = realPath(folder)));
    try {
      // The file itself may be a link; one lstat tells.
      if (fs.lstatSync(filePath).isSymbolicLink()) return realPath(filePath);
    } catch {
      // a new or deleted file: its folder's real path will do
    }
    return path.join(realFolder, path.basename(filePath));
  }

  /** A document the client opened: answers about it use its URI. */
  remember(uri: string): string {
    const key = this.toKey(uri);
    this.unset(key);
    this.opened.set(key, uri);
    if (uri !== key) this.renamed++;
    return key;
  }

  forget(uri: string): string {
    const key = this.toKey(uri);
    if (this.opened.get(key) === uri) this.unset(key);
    return key;
  }

  private unset(key: string): void {
    const before = this.opened.get(key);
    if (before === undefined) return;
    if (before !== key) this.renamed--;
    this.opened.delete(key);
  }

  /** The URI the client knows for a key. */
  toClient(key: string): string {
    const hash = key.indexOf('#');
    if (hash >= 0) return this.toClient(key.slice(0, hash)) + key.slice(hash);
    const opened = this.opened.get(key);
    if (opened) return opened;
    if (!this.linkedRoot) return key;
    const parsed = URI.parse(key);
    if (parsed.scheme !== 'file') return key;
    const root = this.roots.find((r) => r.client !== r.real && isInside(parsed.fsPath, r.real));
    return root ? URI.file(path.join(root.client, path.relative(root.real, parsed.fsPath))).toString() : key;
  }

  /**
   * An answer with every URI in it (`uri`, `targetUri`, `target`, the files of `changes`) in the client's words.
   * When every key is the client's URI already the answer goes out as it is: walking and copying the outline of
   * a 15,000-line plan on each request cost more than making it.
   */
  outgoing<T>(value: T): T {
    if (this.renamed === 0 && this.roots.every((r) => r.client === r.real)) return value;
    return this.translate(value);
  }

  private translate<T>(value: T): T {
    if (Array.isArray(value)) return value.map((v) => this.translate(v)) as T;
    if (!value || typeof value !== 'object') return value;
    const result: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(value)) {
      if ((name === 'uri' || name === 'targetUri' || name === 'target') && typeof field === 'string') result[name] = this.toClient(field);
      else if (name === 'changes' && field && typeof field === 'object' && !Array.isArray(field)) {
        result[name] = Object.fromEntries(Object.entries(field).map(([uri, edits]) => [this.toClient(uri), edits]));
      } else result[name] = this.translate(field);
    }
    return result as T;
  }
}

/** The real path of a file, or of its folder when the file does not exist (a new or deleted file). */
function realPath(filePath: string): string {
  try {
    return fs.realpathSync.native(filePath);
  } catch {
    const parent = path.dirname(filePath);
    return parent === filePath ? filePath : path.join(realPath(parent), path.basename(filePath));
  }
}
