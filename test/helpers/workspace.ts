import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { URI } from 'vscode-uri';
import { WorkspaceIndex } from '../../server/src/service/workspace.js';
import type { LinkedFile } from '../../server/src/service/features/linked-file.js';
import { readSettings } from '../../server/src/lsp/settings.js';

export interface IndexedWorkspace {
  index: WorkspaceIndex;
  uri(name: string): string;
  /** A document as features take it: linked, as it is now. */
  file(name: string): LinkedFile;
}

/** A folder indexed as the server indexes it, for calling feature functions directly. */
export async function indexFolder(root: string): Promise<IndexedWorkspace> {
  const index = new WorkspaceIndex([root], readSettings(undefined));
  await index.indexFolders();
  const uri = (name: string) => URI.file(path.join(root, name)).toString();
  return { index, uri, file: (name) => index.linkedFile(uri(name))! };
}

/** A new folder holding these files, indexed. */
export async function indexFiles(files: Record<string, string>): Promise<IndexedWorkspace> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-index-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, name), text);
  return indexFolder(root);
}
