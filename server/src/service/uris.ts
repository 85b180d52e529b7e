import { URI } from 'vscode-uri';
import { BUILTIN_PREFIX } from '../core/builtin/index.js';

/** Built-in frameworks have no file: editors get them under this scheme (the extension serves their text). */
export const BUILTIN_SCHEME = 'cplan-builtin';

/** The identity the core gives a document (a file path, or a `builtin:` name) as a URI. */
export function uriOfPath(documentPath: string): string {
  if (documentPath.startsWith(BUILTIN_PREFIX)) return `${BUILTIN_SCHEME}:/${documentPath.slice(BUILTIN_PREFIX.length)}.md`;
  if (documentPath.includes('://') || documentPath.startsWith('untitled:')) return documentPath;
  return URI.file(documentPath).toString();
}

/** A file path for file URIs; other URIs are kept as they are. */
export function pathOfUri(uri: string): string {
  if (uri.startsWith(`${BUILTIN_SCHEME}:`)) return BUILTIN_PREFIX + uri.slice(BUILTIN_SCHEME.length + 2).replace(/\.md$/, '');
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? parsed.fsPath : uri;
}
