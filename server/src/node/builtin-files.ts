import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_PREFIX } from '../core/builtin/index.js';
import { BUILTIN_FRAMEWORK_TEXTS } from '../core/builtin/generated.js';

const found = new Map<string, string | undefined>();

/**
 * The shipped file (`frameworks/<name>.md` in the package) that a built-in framework was generated from,
 * so that every editor and SARIF viewer can open it; undefined when this copy of cplan does not ship it or
 * the file differs from the built-in text. The bundles (`dist/`) and the compiled modules (`out/server/src/node/`)
 * sit at different depths, hence the walk up.
 */
export function builtinFrameworkFile(name: string): string | undefined {
  if (name.startsWith(BUILTIN_PREFIX)) name = name.slice(BUILTIN_PREFIX.length);
  if (found.has(name)) return found.get(name);
  const text = Object.prototype.hasOwnProperty.call(BUILTIN_FRAMEWORK_TEXTS, name) ? BUILTIN_FRAMEWORK_TEXTS[name] : undefined;
  let file: string | undefined;
  if (text !== undefined) {
    let dir = path.dirname(fileURLToPath(import.meta.url));
    for (let depth = 0; depth < 6 && file === undefined; depth++) {
      const candidate = path.join(dir, 'frameworks', `${name}.md`);
      try {
        if (fs.statSync(candidate).isFile() && fs.readFileSync(candidate, 'utf8') === text) file = candidate;
      } catch {
        // not at this level
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  found.set(name, file);
  return file;
}
