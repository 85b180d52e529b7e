import fs from 'node:fs';
import path from 'node:path';
import { parsePlanDocument, sniffKind } from '../core/document.js';
import { isInside, readHead } from './files.js';
import type { PlanDocument } from '../core/model.js';
import type { FrameworkResolution } from '../core/rules/rule.js';
import { BUILTIN_PREFIX, builtinFramework, builtinFrameworkNames } from '../core/builtin/index.js';
import { closestMatches } from '../core/suggest.js';

export interface FrameworkSource {
  /** Folders a relative framework path must stay inside (the workspace or the folder being linted). */
  roots: readonly string[];
  /** Extra framework folders from `.cplanrc.yaml`, searched for frameworks named by id. */
  folders: readonly string[];
  /**
   * Restricted Mode (an untrusted workspace): framework folders and files are read only where they resolve,
   * links followed, inside these folders; the others are ignored and a plan that misses its framework says so.
   */
  confineTo?: readonly string[];
  /** Documents already parsed (the files being linted), by absolute path; only frameworks are looked through. */
  documents?: { get(path: string): PlanDocument | undefined; has(path: string): boolean; values(): Iterable<PlanDocument> };
  /** Files already parsed that are not frameworks: never read again when looking for one. */
  notFrameworks?: ReadonlySet<string>;
  /** More files where a framework named by id may be (the files of a lint run not parsed yet). */
  candidates?: readonly string[];
  maxFileSize?: number;
}

/** Resolves `framework:` values from disk, reading each framework file once. */
export class FrameworkResolver {
  private readonly cache = new Map<string, PlanDocument | string>();
  private byId?: Map<string, PlanDocument>;
  /** Real paths of the roots and framework folders: asked for every plan resolved, they were a `realpath` each time. */
  private readonly realFolders = new Map<string, string>();

  constructor(private readonly source: FrameworkSource) {}

  resolve(value: string, planPath: string): FrameworkResolution {
    if (value.startsWith(BUILTIN_PREFIX)) {
      const name = value.slice(BUILTIN_PREFIX.length);
      const document = builtinFramework(name);
      if (document) return { ok: true, document };
      const names = builtinFrameworkNames();
      const near = closestMatches(name, names);
      const message = `There is no built-in framework \`${value}\`${near.length ? `; did you mean \`${BUILTIN_PREFIX}${near[0]}\`` : ''}. Built-in frameworks: ${names.map((n) => BUILTIN_PREFIX + n).join(', ')}.`;
      return near.length ? { ok: false, message, suggestion: BUILTIN_PREFIX + near[0] } : { ok: false, message };
    }
    if (value.includes('/') || value.includes('\\') || value.endsWith('.md')) return this.resolvePath(value, planPath);
    return this.resolveId(value);
  }

  /** A framework's new text at the same path with the same id (an edit in its open buffer): it resolves in place of the old one. */
  replace(before: PlanDocument, after: PlanDocument): void {
    for (const [id, document] of this.byId ?? []) if (document === before) this.byId!.set(id, after);
    for (const [file, document] of this.cache) if (document === before) this.cache.set(file, after);
  }

  private resolvePath(value: string, planPath: string): FrameworkResolution {
    if (path.isAbsolute(value)) return { ok: false, message: `The framework path \`${value}\` is absolute; write it relative to this plan (e.g. \`./framework.md\`).` };
    const target = path.resolve(path.dirname(planPath), value);
    const roots = this.source.roots;
    const outside = `The framework path \`${value}\` leads outside the workspace folder; frameworks must live inside it.`;
    if (!roots.some((root) => isInside(target, root))) return { ok: false, message: outside };
    // An open buffer wins over the disk, also once its file is deleted there (docs/security.md).
    const known = this.source.documents?.get(target);
    if (known) return this.asFramework(known, value);
    let real: string;
    try {
      real = fs.realpathSync(target);
    } catch {
      return { ok: false, message: `The framework file \`${value}\` does not exist (paths are relative to this plan's folder).` };
    }
    if (!roots.some((root) => isInside(real, this.realFolder(root)))) return { ok: false, message: `${outside} (it is a link that points outside)` };
    const document = this.load(real);
    if (typeof document === 'string') return { ok: false, message: `The framework file \`${value}\` ${document}` };
    return this.asFramework(document, value);
  }

  private asFramework(document: PlanDocument, value: string): FrameworkResolution {
    if (document.kind !== 'framework') {
      return { ok: false, message: `\`${value}\` is not a framework: its front matter needs \`kind: commissioning-framework\`${document.kind === 'plan' ? ' (it is a plan)' : ''}.` };
    }
    return { ok: true, document };
  }

  private resolveId(id: string): FrameworkResolution {
    const byId = this.frameworksById();
    const document = byId.get(id);
    if (document) return { ok: true, document };
    const near = closestMatches(id, byId.keys());
    const where = this.source.folders.length ? ' in the framework folders listed in .cplanrc.yaml' : '';
    const ignored = this.source.folders.filter((folder) => !this.mayRead(folder));
    if (ignored.length) {
      const list = ignored.map((f) => `\`${f}\``).join(', ');
      return {
        ok: false,
        message: `No framework with id \`${id}\` was found in the workspace. This workspace is in Restricted Mode, so the framework ${ignored.length > 1 ? 'folders' : 'folder'} ${list} listed in .cplanrc.yaml, outside the workspace, ${ignored.length > 1 ? 'are' : 'is'} not read: trust the workspace, then run Commissioning Plans: Restart Language Server, to read ${ignored.length > 1 ? 'them' : 'it'}, or copy the framework into the workspace.${near.length ? ` Did you mean \`${near[0]}\`?` : ''}`,
        ...(near.length ? { suggestion: near[0] } : {}),
      };
    }
    return {
      ok: false,
      message: `No framework with id \`${id}\` was found${where}. Write a relative path (\`./framework.md\`), \`${BUILTIN_PREFIX}${builtinFrameworkNames()[0]}\`, or list a framework folder under \`frameworks\` in .cplanrc.yaml.${near.length ? ` Did you mean \`${near[0]}\`?` : ''}`,
      ...(near.length ? { suggestion: near[0] } : {}),
    };
  }

  /** Whether a framework folder or file may be read: always, unless confined and it resolves outside. */
  private mayRead(file: string): boolean {
    const confine = this.source.confineTo;
    if (!confine) return true;
    const real = safeRealpath(file);
    return confine.some((root) => isInside(real, this.realFolder(root)));
  }

  private realFolder(folder: string): string {
    let real = this.realFolders.get(folder);
    if (real === undefined) this.realFolders.set(folder, (real = safeRealpath(folder)));
    return real;
  }

  private frameworksById(): Map<string, PlanDocument> {
    if (this.byId) return this.byId;
    const byId = new Map<string, PlanDocument>();
    const add = (document: PlanDocument) => {
      const id = document.frontMatter?.id?.value;
      if (document.kind === 'framework' && id && !byId.has(id)) byId.set(id, document);
    };
    for (const document of this.source.documents?.values() ?? []) add(document);
    for (const file of this.source.candidates ?? []) {
      if (this.source.documents?.has(file) || this.source.notFrameworks?.has(file) || sniffKind(readHeadSafely(file)) !== 'framework') continue;
      const document = this.load(file);
      if (typeof document !== 'string') add(document);
    }
    for (const folder of this.source.folders) {
      if (!this.mayRead(folder)) continue;
      let names: string[] = [];
      try {
        names = fs.readdirSync(folder).filter((n) => n.endsWith('.md'));
      } catch {
        continue;
      }
      for (const name of names) {
        if (!this.mayRead(path.join(folder, name))) continue;
        const document = this.load(path.join(folder, name));
        if (typeof document !== 'string') add(document);
      }
    }
    this.byId = byId;
    return byId;
  }

  private load(file: string): PlanDocument | string {
    const known = this.source.documents?.get(file) ?? this.cache.get(file);
    if (known) return known;
    let result: PlanDocument | string;
    try {
      const size = fs.statSync(file).size;
      if (this.source.maxFileSize !== undefined && size > this.source.maxFileSize) result = `is larger than the maximum file size (${size} > ${this.source.maxFileSize} bytes).`;
      else result = parsePlanDocument(file, fs.readFileSync(file, 'utf8'));
    } catch (error) {
      result = `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`;
    }
    this.cache.set(file, result);
    return result;
  }
}

function safeRealpath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

function readHeadSafely(file: string): string {
  try {
    return readHead(file);
  } catch {
    return '';
  }
}
