import { URI } from 'vscode-uri';
import { BUILTIN_PREFIX, builtinFrameworkNames } from '../core/builtin/index.js';
import { builtinFrameworkFile } from '../node/builtin-files.js';

/**
 * The scheme of a built-in framework whose shipped file (`frameworks/<name>.md`) is missing: only the VS Code
 * extension can open it (it asks the server for the text). Every editor can open the file, so that comes first.
 */
export const BUILTIN_SCHEME = 'cplan-builtin';

/** The identity the core gives a document (a file path, or a `builtin:` name) as a URI. */
export function uriOfPath(documentPath: string): string {
  if (documentPath.startsWith(BUILTIN_PREFIX)) {
    const name = documentPath.slice(BUILTIN_PREFIX.length);
    const file = builtinFrameworkFile(name);
    return file ? URI.file(file).toString() : `${BUILTIN_SCHEME}:/${name}.md`;
  }
  if (documentPath.includes('://') || documentPath.startsWith('untitled:')) return documentPath;
  return URI.file(documentPath).toString();
}

/**
 * A file path for file URIs; other URIs are kept as they are. The shipped file of a built-in framework is that
 * framework (`builtin:<name>`), wherever it is opened from, so that it is never a second copy of its ids.
 */
export function pathOfUri(uri: string): string {
  if (uri.startsWith(`${BUILTIN_SCHEME}:`)) return BUILTIN_PREFIX + uri.slice(BUILTIN_SCHEME.length + 2).replace(/\.md$/, '');
  const parsed = URI.parse(uri);
  if (parsed.scheme !== 'file') return uri;
  return builtinOfFile(parsed.fsPath) ?? parsed.fsPath;
}

function builtinOfFile(filePath: string): string | undefined {
  if (!filePath.endsWith('.md')) return undefined;
  const name = builtinFrameworkNames().find((n) => builtinFrameworkFile(n) === filePath);
  return name === undefined ? undefined : BUILTIN_PREFIX + name;
}
