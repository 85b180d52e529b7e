import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { BlockCache, documentHead, headOf, oversizeDocument, parsePlanDocument, type DocumentHead } from '../core/document.js';
import { YamlCache } from '../core/parse/yaml.js';
import type { Entity, PlanDocument } from '../core/model.js';
import { lintDocument, type Diagnostic } from '../core/lint.js';
import { linkDocument, type Linked, type LintSettings } from '../core/link.js';
import { todayDay, type Day } from '../core/periods.js';
import type { FrameworkResolution, RuleSetting } from '../core/rules/rule.js';
import { DEFAULT_MAX_FILE_SIZE } from '../core/rules/file-too-large.js';
import { BUILTIN_PREFIX, builtinFramework, builtinFrameworkNames } from '../core/builtin/index.js';
import { ConfigFinder, emptyConfig, isConfigFileName, packageHasConfig, readConfig, type Config } from '../node/config.js';
import { discover, readHead } from '../node/files.js';
import { FrameworkResolver } from '../node/frameworks.js';
import { frameworkFingerprint } from '../core/framework-fingerprint.js';
import { FrameworkUsers } from './framework-users.js';
import { LazyLinkedFile, type LinkedFile, type WorkspaceQuery } from './features/linked-file.js';
import { factsOf, type FileFacts } from './file-facts.js';
import { LineIndex } from '../core/text.js';
import { pathOfUri, uriOfPath } from './uris.js';
import { inSlices } from './slices.js';

/** A new text of a framework that every plan resolves exactly as the old one: same path and id, both read in full. */
function sameFramework(before: IndexedFile, after: IndexedFile): boolean {
  if (before.head.kind !== 'framework' || after.head.kind !== 'framework') return false;
  const [a, b] = [before.document, after.document];
  return a.path === b.path && !a.oversize && !b.oversize && a.frontMatter?.id?.value === b.frontMatter?.id?.value;
}

/**
 * How many closed plans keep their parsed model (the most recently used) in a large workspace: the others keep
 * their text and what other documents' features need of them (`FileFacts`), and are parsed again when all of them
 * is needed. A parsed plan is several times the size of its text, which at 10,000 plans was most of the server's
 * memory. Few: what needs a closed plan whole (its first lint, a relint after a framework, settings or day change)
 * reads each once, and a model kept a little longer outlives the young generation, so that linting a workspace
 * fills the old one with garbage that only a major collection, much later, gives back.
 */
const PARSED_CLOSED_PLANS = 16;
/**
 * Up to this many indexed files every closed plan stays parsed: parsing again costs many times a lint, and editing
 * a framework id re-lints every plan that uses it, so a workspace of ordinary size keeps that fast.
 */
const KEEP_ALL_PARSED_UP_TO = 2000;

/** The editor's `cplan.*` settings; each one, when set, overrides `.cplanrc.yaml` as the CLI's flags do. */
export interface EditorSettings {
  asOf?: Day;
  rules: Record<string, RuleSetting>;
  maxFileSize?: number;
  include: string[];
  exclude: string[];
}

/** Parsed models of closed plans, the most recently used kept (see `PARSED_CLOSED_PLANS`). */
interface ParsedPlans {
  /** The file's document, parsed again if it is not among those kept. */
  parse(file: IndexedFile): PlanDocument;
  /** The file's document if it is kept, without parsing. */
  peek(file: IndexedFile): PlanDocument | undefined;
}

let revisions = 0;

/**
 * One text of a plan or framework. Open buffers, frameworks and files too large to parse hold their document; a
 * closed plan holds its text and head, and is parsed when its document is asked for.
 */
export class IndexedFile {
  /** Which text this is: caches key on it, as a closed plan's document may be parsed more than once. */
  readonly revision = ++revisions;

  constructor(
    readonly uri: string,
    /** File path for file URIs, else the URI. */
    readonly path: string,
    readonly text: string,
    /** The open buffer's version; null for a file read from disk. */
    readonly version: number | null,
    /** Kind and front matter names, known without a parse of the whole text. */
    readonly head: DocumentHead,
    private readonly held: PlanDocument | undefined,
    private readonly plans?: ParsedPlans,
  ) {}

  get document(): PlanDocument {
    return this.held ?? this.plans!.parse(this);
  }

  /** Line positions: the document's when it is at hand, else worked out from the text. */
  get lines(): LineIndex {
    return (this.held ?? this.plans?.peek(this))?.lines ?? new LineIndex(this.text);
  }
}

/** A file read again (or dropped) after a file event: the file before and after. */
export interface DiskChange {
  uri: string;
  path: string;
  before?: IndexedFile;
  after?: IndexedFile;
}

/** Whether a URI names a config (`.cplanrc.yaml`, `.yml`, `.json`, a `package.json`), whose change re-reads settings rather than a document. */
export function isConfigUri(uri: string): boolean {
  return isConfigFileName(path.basename(pathOfUri(uri)));
}

/** Something that can be asked whether to stop (an LSP CancellationToken fits). */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
}

interface LintCacheEntry {
  revision: number;
  /** What the lint read of the framework (see `frameworkFingerprint`): a framework edit elsewhere keeps the entry. */
  framework: string;
  settings: number;
  day: Day;
  diagnostics: Diagnostic[];
}

interface LinkedCacheEntry {
  revision: number;
  resolution: FrameworkResolution | undefined;
  settings: number;
  day: Day;
  file: LinkedFile;
}

interface FactsCacheEntry {
  revision: number;
  /** What the facts read of the framework: the lint's fingerprint (ids and kinds are in it). */
  framework: string;
  facts: FileFacts;
}

/**
 * Every plan and framework of the workspace folders, kept current from open buffers (which win over the
 * disk) and file events. Parsing happens once per text; linking and linting once per (document, framework,
 * settings, review day): with no `as_of` anywhere, a new day re-lints.
 */
export class WorkspaceIndex implements WorkspaceQuery {
  private readonly disk = new Map<string, IndexedFile>();
  private readonly open = new Map<string, IndexedFile>();
  /** The file at each path (an open buffer in place of its file): frameworks resolve through it. */
  private readonly byPath = new Map<string, IndexedFile>();
  /** `byPath` as the resolver reads it: only frameworks are looked through, a plan is parsed only if named. */
  private readonly documentsByPath = {
    get: (filePath: string) => this.byPath.get(filePath)?.document,
    has: (filePath: string) => this.byPath.has(filePath),
    values: () => [...this.byPath.values()].filter((file) => file.head.kind === 'framework').map((file) => file.document),
  };
  private readonly parsedPlans = new Map<IndexedFile, PlanDocument>();
  private readonly closedPlans = {
    parse: (file: IndexedFile) => this.parseClosedPlan(file),
    peek: (file: IndexedFile) => this.parsedPlans.get(file),
  };
  private readonly factsCache = new Map<string, FactsCacheEntry>();
  /** `eachLinked`'s values, by name then file. */
  private readonly derived = new Map<string, Map<string, { key: unknown[]; value: unknown }>>();
  /** Facts of frameworks plans use that are not indexed themselves (built-in ones). */
  private readonly outsideFacts = new WeakMap<PlanDocument, FileFacts>();
  /** Block parses of open buffers, shared by them: files read from disk are parsed once and need none. */
  private readonly yamlCache = new YamlCache();
  /** One per open buffer: each keystroke's parse reuses the previous version's block models. */
  private readonly blockCaches = new Map<string, BlockCache>();
  private readonly configFinder = new ConfigFinder();
  private readonly configs = new Map<string, Config>();
  private readonly lintCache = new Map<string, LintCacheEntry>();
  private readonly linkedCache = new Map<string, LinkedCacheEntry>();
  /** Each plan's framework resolution, and which plans use each framework. */
  private readonly users = new FrameworkUsers();
  /** Bumps whenever a framework might have appeared, changed or gone: plans re-resolve their framework then. */
  private frameworkGeneration = 0;
  private settingsVersion = 0;
  /** Per workspace folder settings (multi-root), which win over `settings` for the files under that folder. */
  private folderSettings: ReadonlyMap<string, EditorSettings> = new Map();
  /** One per config file (and roots): framework folders differ between configs, so a plan resolves with its own. */
  private readonly resolvers = new Map<string, { generation: number; resolver: FrameworkResolver }>();
  /** Config files that could not be read, with the reason; shown to the user by the server. */
  readonly configProblems = new Map<string, string>();
  /** Folders under the workspace that could not be read, with the reason; the server tells the user once. */
  readonly skippedFolders = new Map<string, string>();

  /** Documents parsed so far, whole or head only: what makes garbage, for the server to collect after bursts. */
  parsedCount = 0;

  /** False in an untrusted (restricted mode) workspace: then nothing outside the workspace folders is read. */
  private trusted = true;

  /**
   * `today` is the one clock the review date falls back to; injectable so that a day can pass.
   * `parsedClosedPlans`: how many closed plans keep their parsed model, whatever the workspace's size (see
   * `PARSED_CLOSED_PLANS`).
   */
  constructor(private roots: string[], private settings: EditorSettings, private readonly today: () => Day = todayDay, private readonly options: { parsedClosedPlans?: number } = {}) {}

  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
    this.frameworkGeneration++;
  }

  get workspaceRoots(): readonly string[] {
    return this.roots;
  }

  setRoots(roots: string[]): void {
    this.roots = roots;
    this.frameworkGeneration++;
  }

  /**
   * New editor settings: every document is linted again. `folders` holds each workspace folder's own settings
   * (VS Code's `resource` scope, keyed by the folder's path as the index has it); a file outside every folder
   * gets `settings`.
   */
  updateSettings(settings: EditorSettings, folders: ReadonlyMap<string, EditorSettings> = new Map()): void {
    const sizes = (all: EditorSettings, byFolder: ReadonlyMap<string, EditorSettings>) => [all.maxFileSize, ...[...byFolder].map(([f, s]) => `${f}=${s.maxFileSize}`)].join('\n');
    const sizeChanged = sizes(settings, folders) !== sizes(this.settings, this.folderSettings);
    this.settings = settings;
    this.folderSettings = folders;
    this.settingsVersion++;
    this.frameworkGeneration++;
    // Whether a file is too large is decided when it is parsed: a new limit means parsing again.
    if (sizeChanged) {
      for (const [uri, file] of this.open) this.open.set(uri, this.makeFile(uri, file.text, file.version));
      for (const uri of [...this.disk.keys()]) this.readFromDisk(uri);
    }
  }

  /** Reads every plan and framework under the workspace folders, yielding to other work as it goes. */
  async indexFolders(token?: Cancellation): Promise<number> {
    let count = 0;
    for (const root of this.roots) {
      let files;
      try {
        const found = await discover([root], root);
        for (const skipped of found.skippedFolders) this.skippedFolders.set(skipped.path, skipped.reason);
        files = found.files;
      } catch {
        continue;
      }
      // In slices of a few milliseconds, not of so many files: an open document's requests get in between.
      await inSlices(files, (file) => {
        if (!this.selected(file.path)) return;
        const uri = uriOfPath(file.path);
        if (!this.open.has(uri) && this.readFromDisk(uri)) count++;
      }, token);
      if (token?.isCancellationRequested) return count;
    }
    this.frameworkGeneration++;
    return count;
  }

  get(uri: string): IndexedFile | undefined {
    return this.open.get(uri) ?? this.disk.get(uri);
  }

  /** Every plan and framework, open buffers in place of their files. */
  files(): IndexedFile[] {
    const all = new Map(this.disk);
    for (const [uri, file] of this.open) all.set(uri, file);
    return [...all.values()].filter((f) => f.head.kind);
  }

  /** An opened or edited buffer; returns the documents whose diagnostics may have changed. */
  setOpen(uri: string, text: string, version: number): string[] {
    const before = this.get(uri);
    const file = this.makeFile(uri, text, version);
    this.open.set(uri, file);
    return this.changed(uri, before, file);
  }

  /** A closed buffer: the file on disk (if any) takes its place. */
  close(uri: string): string[] {
    const before = this.get(uri);
    this.open.delete(uri);
    this.blockCaches.delete(uri);
    const after = this.readFromDisk(uri);
    return this.changed(uri, before, after);
  }

  /** A file created, changed or deleted on disk; an open buffer keeps winning over it. */
  diskChanged(uri: string, deleted: boolean): string[] {
    if (isConfigUri(uri)) return this.configChanged(pathOfUri(uri), deleted);
    const change = this.readDiskChange(uri, deleted);
    return change ? this.settleDiskChanges([change]) : [];
  }

  /**
   * The first half of a file event (not a config file's): the file is read again or dropped. What it means for
   * other plans is worked out once for a whole batch by `settleDiskChanges`; undefined when an open buffer wins.
   */
  readDiskChange(uri: string, deleted: boolean): DiskChange | undefined {
    const filePath = pathOfUri(uri);
    const before = this.get(uri);
    if (deleted) this.disk.delete(uri);
    else if (this.selected(filePath)) this.readFromDisk(uri);
    if (this.open.has(uri)) return undefined;
    const after = this.get(uri);
    if (before && !after) this.byPath.delete(before.path);
    return { uri, path: after?.path ?? before?.path ?? filePath, before, after };
  }

  /**
   * The second half, once per batch: a file that came, went or is a framework can change only how plans resolve
   * whose framework is that file, or is unresolved now; those alone are linked again. Returns them and the files.
   */
  settleDiskChanges(changes: readonly DiskChange[]): string[] {
    const affected = new Set<string>();
    const paths = new Set<string>();
    for (const { uri, path: filePath, before, after } of changes) {
      affected.add(uri);
      if (!after || after.head.kind !== 'plan') this.forgetLinks(uri);
      if (!before || !after || before.head.kind === 'framework' || after.head.kind === 'framework') paths.add(filePath);
    }
    if (paths.size) this.relinkAfterFilesCameOrWent(paths, affected);
    // Keeps the framework -> plans index current for the plans read.
    for (const { uri, after } of changes) if (after?.head.kind === 'plan') this.framework(uri);
    return [...affected];
  }

  private relinkAfterFilesCameOrWent(paths: ReadonlySet<string>, affected: Set<string>): void {
    // Resolvers hold framework files read and the ids found: both may be out of date now.
    this.resolvers.clear();
    for (const plan of this.users.unresolvedOrUsing(paths)) {
      this.forgetLinks(plan);
      // Resolved again at once, so that the framework -> plans index stays complete for this generation.
      this.framework(plan);
      affected.add(plan);
    }
  }

  private forgetLinks(uri: string): void {
    this.lintCache.delete(uri);
    this.linkedCache.delete(uri);
    this.factsCache.delete(uri);
    this.users.forget(uri);
  }

  /** The framework a plan names, resolved against the index (open buffers included) and the disk. */
  framework(uri: string): FrameworkResolution | undefined {
    const file = this.get(uri);
    if (!file || file.head.kind !== 'plan') return undefined;
    const reference = file.head.framework;
    const cached = this.users.cached(uri, reference, file.path, this.frameworkGeneration);
    if (cached) return cached.resolution;
    const resolution = reference ? this.resolverFor(file.path).resolve(reference, file.path) : undefined;
    this.users.record(uri, { reference, path: file.path, generation: this.frameworkGeneration, resolution });
    return resolution;
  }

  /** A document linked to its framework (resolved against the index, see `framework`), its settings and its review date. */
  linked(uri: string): Linked | undefined {
    return this.linkedFile(uri)?.linked;
  }

  /**
   * A document as editor features take it: linked, with its diagnostics linted when first read; one object per
   * linked state. `day` is read once by callers that link many documents.
   */
  linkedFile(uri: string, day: Day = this.today()): LinkedFile | undefined {
    const file = this.get(uri);
    if (!file) return undefined;
    const resolution = this.framework(uri);
    const cached = this.linkedCache.get(uri);
    if (cached && cached.revision === file.revision && cached.resolution === resolution && cached.settings === this.settingsVersion && cached.day === day) return cached.file;
    const linked = linkDocument(file.document, { resolveFramework: () => resolution!, settings: (filePath) => this.lintSettings(filePath), today: () => day });
    const linkedFile = new LazyLinkedFile(uri, file.path, file.version, linked, () => this.diagnostics(uri));
    this.linkedCache.set(uri, { revision: file.revision, resolution, settings: this.settingsVersion, day, file: linkedFile });
    return linkedFile;
  }

  seeing(document: PlanDocument): FileFacts[] {
    return this.documentsSeeing(document).map((file) => this.facts(file.uri)!);
  }

  /** What other documents' features need of a document (see `FileFacts`), once per text and framework fingerprint. */
  facts(uri: string): FileFacts | undefined {
    const file = this.get(uri);
    if (!file?.head.kind) return undefined;
    const framework = this.frameworkKey(uri);
    const cached = this.factsCache.get(uri);
    if (cached && cached.revision === file.revision && cached.framework === framework) return cached.facts;
    const facts = factsOf(uri, this.linked(uri)!);
    this.factsCache.set(uri, { revision: file.revision, framework, facts });
    return facts;
  }

  allFacts(): FileFacts[] {
    const files = this.files();
    const all = files.map((file) => this.facts(file.uri)!);
    const known = new Set(all.map((facts) => facts.path));
    for (const file of files) {
      const resolution = this.framework(file.uri);
      if (!resolution?.ok || known.has(resolution.document.path)) continue;
      known.add(resolution.document.path);
      all.push(this.outsideFactsOf(resolution.document));
    }
    return all;
  }

  private outsideFactsOf(framework: PlanDocument): FileFacts {
    let facts = this.outsideFacts.get(framework);
    if (!facts) {
      const linked = linkDocument(framework, { resolveFramework: () => ({ ok: false, message: '' }), settings: (filePath) => this.lintSettings(filePath), today: this.today });
      this.outsideFacts.set(framework, (facts = factsOf(uriOfPath(framework.path), linked)));
    }
    return facts;
  }

  eachLinked<T>(name: string, derive: (file: LinkedFile) => T | undefined, reads: 'fingerprint' | 'framework' = 'framework'): T[] {
    let values = this.derived.get(name);
    if (!values) this.derived.set(name, (values = new Map()));
    const day = this.today();
    const all: T[] = [];
    const files = this.files();
    for (const file of files) {
      const framework = reads === 'fingerprint' ? this.frameworkKey(file.uri) : this.framework(file.uri);
      const key = [file.revision, framework, this.settingsVersion, day, this.roots];
      const known = values.get(file.uri);
      let value: T | undefined;
      if (known && known.key.every((part, i) => part === key[i])) value = known.value as T | undefined;
      else values.set(file.uri, { key, value: (value = derive(this.linkedFile(file.uri, day)!)) });
      if (value !== undefined) all.push(value);
    }
    if (values.size > files.length) for (const uri of values.keys()) if (!this.get(uri)) values.delete(uri);
    return all;
  }

  /** What a plan's lint and facts read of its framework: its fingerprint, or why it did not resolve. */
  private frameworkKey(uri: string): string {
    const resolution = this.framework(uri);
    return !resolution ? '' : resolution.ok ? frameworkFingerprint(resolution.document) : `unresolved: ${resolution.message}`;
  }

  fileOf(document: PlanDocument): LinkedFile | undefined {
    return this.linkedFile(uriOfPath(document.path));
  }

  linkedFiles(): LinkedFile[] {
    const day = this.today();
    return this.files().map((file) => this.linkedFile(file.uri, day)!);
  }

  /** Ids visible from a document: its framework's, then its own. */
  definitions(uri: string): Map<string, Entity[]> {
    return this.linked(uri)?.definitions ?? new Map();
  }

  reviewDate(uri: string): Day {
    return this.linked(uri)?.reviewDate ?? this.settingsFor(this.get(uri)?.path ?? pathOfUri(uri)).asOf ?? this.today();
  }

  diagnostics(uri: string): Diagnostic[] {
    const file = this.get(uri);
    if (!file?.head.kind) return [];
    const framework = this.frameworkKey(uri);
    const day = this.today();
    const cached = this.lintCache.get(uri);
    if (cached && cached.revision === file.revision && cached.framework === framework && cached.settings === this.settingsVersion && cached.day === day) return cached.diagnostics;
    const diagnostics = lintDocument(this.linked(uri)!);
    this.lintCache.set(uri, { revision: file.revision, framework, settings: this.settingsVersion, day, diagnostics });
    // While the document is parsed: other documents' features read a closed plan's facts, not its document.
    if (file.version === null) this.facts(uri);
    return diagnostics;
  }

  /** Plans whose framework is this document (what a framework edit must re-validate): those the framework -> plans index lists. */
  dependents(uri: string): string[] {
    const target = this.get(uri)?.path ?? pathOfUri(uri);
    return this.usersOf(target).filter((plan) => plan !== uri);
  }

  /** Documents that can see the entities of a document: itself, and every plan that uses it as a framework. */
  documentsSeeing(document: PlanDocument): IndexedFile[] {
    const owner = this.get(uriOfPath(document.path));
    const seeing = owner ? [owner] : [];
    if (document.kind === 'framework') {
      for (const uri of this.usersOf(document.path)) {
        const plan = this.get(uri);
        if (plan && plan.uri !== owner?.uri) seeing.push(plan);
      }
    }
    return seeing;
  }

  /** The plans that resolve to the framework at a path now; after a generation bump every plan resolves once first. */
  private usersOf(frameworkPath: string): string[] {
    if (!this.users.isComplete(this.frameworkGeneration)) {
      for (const file of this.files()) if (file.head.kind === 'plan') this.framework(file.uri);
      this.users.markComplete(this.frameworkGeneration);
    }
    return this.users.usersOf(frameworkPath).filter((uri) => {
      const resolution = this.framework(uri);
      return resolution?.ok && resolution.document.path === frameworkPath;
    });
  }

  /** The text of a built-in framework, for editors that open `cplan-builtin:` URIs (when its shipped file is missing). */
  builtinText(name: string): string | undefined {
    return builtinFrameworkNames().includes(name) ? builtinFramework(name)!.text : undefined;
  }

  lintSettings(filePath: string): LintSettings {
    const config = this.configFor(filePath);
    const settings = this.settingsFor(filePath);
    return { asOf: settings.asOf, defaultAsOf: config.asOf, rules: { ...config.rules, ...settings.rules }, progress: config.progress };
  }

  /** The editor settings that apply to a file: its workspace folder's (the innermost when folders nest), else the window's. */
  settingsFor(filePath: string): EditorSettings {
    let best: string | undefined;
    for (const folder of this.folderSettings.keys()) {
      const relative = path.relative(folder, filePath);
      if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
      if (best === undefined || folder.length > best.length) best = folder;
    }
    return best === undefined ? this.settings : this.folderSettings.get(best)!;
  }

  private changed(uri: string, before: IndexedFile | undefined, after: IndexedFile | undefined): string[] {
    const filePath = this.get(uri)?.path ?? pathOfUri(uri);
    if (before) this.byPath.delete(before.path);
    if (after) this.byPath.set(after.path, after);
    else this.forgetLinks(uri);
    if (after?.head.kind !== 'plan') this.users.forget(uri);
    else this.framework(uri); // keeps the framework -> plans index current for this plan
    if (before && after && sameFramework(before, after)) return [uri, ...this.reresolvedInPlace(before.document, after.document)];
    const affected = new Set<string>([uri]);
    const wasFramework = before?.head.kind === 'framework';
    const isFramework = after?.head.kind === 'framework';
    if (wasFramework || isFramework || !before || !after) {
      // Plans that used the old text must re-resolve, and the new text may be what others were missing.
      const previous = this.users.usersOf(filePath);
      this.frameworkGeneration++;
      for (const plan of previous) affected.add(plan);
      if (isFramework || wasFramework) for (const plan of this.dependents(uri)) affected.add(plan);
      if (!before || !after) for (const plan of this.files()) if (this.framework(plan.uri)?.ok === false) affected.add(plan.uri);
    }
    return [...affected];
  }

  /**
   * A framework edited in place (same path, same id): the plans that used it now use the new text without any
   * plan resolving again. Returns those whose lint reads something that changed (see `frameworkFingerprint`).
   */
  private reresolvedInPlace(before: PlanDocument, after: PlanDocument): string[] {
    for (const { resolver } of this.resolvers.values()) resolver.replace(before, after);
    const plans = this.users.replace(before, after);
    return frameworkFingerprint(before) === frameworkFingerprint(after) ? [] : plans;
  }

  private configChanged(configPath: string, deleted: boolean): string[] {
    // A package.json is a config only with a `cplan` key: one that neither has nor had it changes nothing here.
    const isPackage = path.basename(configPath) === 'package.json';
    const holdsConfig = !deleted && (!isPackage || packageHasConfig(configPath));
    if (isPackage && !holdsConfig && !this.configs.has(configPath)) return [];
    this.configs.delete(configPath);
    this.configProblems.delete(configPath);
    this.configFinder.forget();
    // Read at once, so that a config that just broke is reported now, not at the next request that needs it.
    if (holdsConfig) this.loadConfig(configPath);
    this.settingsVersion++;
    this.frameworkGeneration++;
    return this.files().map((f) => f.uri);
  }

  private makeFile(uri: string, text: string, version: number | null): IndexedFile {
    this.parsedCount++;
    const filePath = pathOfUri(uri);
    const limit = this.maxFileSize(filePath);
    const bytes = Buffer.byteLength(text, 'utf8');
    const held = (document: PlanDocument) => new IndexedFile(uri, filePath, text, version, headOf(document), document);
    if (bytes > limit) return held(oversizeDocument(filePath, text.slice(0, 65536), bytes, limit));
    if (version !== null) return held(parsePlanDocument(filePath, text, { yamlCache: this.yamlCache, blockCache: this.blockCacheOf(uri) }));
    // A closed plan is parsed when first linted; a framework, which every plan using it reads, is kept parsed.
    const head = documentHead(filePath, text);
    if (head.kind === 'plan') return new IndexedFile(uri, filePath, text, null, head, undefined, this.closedPlans);
    return held(parsePlanDocument(filePath, head.kind ? text : ''));
  }

  private parseClosedPlan(file: IndexedFile): PlanDocument {
    let document = this.parsedPlans.get(file);
    if (document) this.parsedPlans.delete(file);
    else {
      document = parsePlanDocument(file.path, file.text);
      this.parsedCount++;
    }
    this.parsedPlans.set(file, document);
    const keep = this.options.parsedClosedPlans ?? (this.disk.size <= KEEP_ALL_PARSED_UP_TO ? Infinity : PARSED_CLOSED_PLANS);
    while (this.parsedPlans.size > keep) {
      const [oldest] = this.parsedPlans.keys();
      this.parsedPlans.delete(oldest);
      // Its linked state holds the document; its diagnostics and facts are kept apart.
      if (this.linkedCache.get(oldest.uri)?.revision === oldest.revision) this.linkedCache.delete(oldest.uri);
    }
    return document;
  }

  private blockCacheOf(uri: string): BlockCache {
    let cache = this.blockCaches.get(uri);
    if (!cache) this.blockCaches.set(uri, (cache = new BlockCache()));
    return cache;
  }

  private readFromDisk(uri: string): IndexedFile | undefined {
    const filePath = pathOfUri(uri);
    if (filePath.startsWith(BUILTIN_PREFIX)) return this.builtinFromDisk(uri, filePath);
    let text: string;
    try {
      const stat = fs.statSync(filePath);
      // A FIFO or device named `*.md` would block the server on open: only regular files are read.
      if (!stat.isFile()) throw new Error('not a regular file');
      const size = stat.size;
      if (size > this.maxFileSize(filePath)) {
        const head = readHead(filePath);
        const document = oversizeDocument(filePath, head, size, this.maxFileSize(filePath));
        if (!document.kind) return undefined;
        const file = new IndexedFile(uri, filePath, '', null, headOf(document), document);
        this.disk.set(uri, file);
        if (!this.open.has(uri)) this.byPath.set(filePath, file);
        return file;
      }
      text = fs.readFileSync(filePath, 'utf8');
    } catch {
      this.disk.delete(uri);
      return undefined;
    }
    const file = this.makeFile(uri, text, null);
    if (!file.head.kind) {
      this.disk.delete(uri);
      return undefined;
    }
    this.disk.set(uri, file);
    // An open buffer wins over its file: frameworks are resolved through byPath, which must keep the buffer.
    if (!this.open.has(uri)) this.byPath.set(filePath, file);
    return file;
  }

  /**
   * The shipped file of a built-in framework (in a workspace folder, or closed after a go to definition) stands
   * for the built-in framework itself, the very document plans resolve `builtin:` to; a `cplan-builtin:` URI
   * has no file.
   */
  private builtinFromDisk(uri: string, builtinPath: string): IndexedFile | undefined {
    const document = uri.startsWith('file:') ? builtinFramework(builtinPath.slice(BUILTIN_PREFIX.length)) : undefined;
    if (!document) {
      this.disk.delete(uri);
      return undefined;
    }
    const file = new IndexedFile(uri, builtinPath, document.text, null, headOf(document), document);
    this.disk.set(uri, file);
    this.byPath.set(builtinPath, file);
    return file;
  }

  private resolverFor(filePath: string): FrameworkResolver {
    const config = this.configFor(filePath);
    const roots = this.roots.length ? this.roots : [path.dirname(filePath)];
    const key = `${roots.join('\n')}\n\n${config.path ?? ''}`;
    const cached = this.resolvers.get(key);
    if (cached && cached.generation === this.frameworkGeneration) return cached.resolver;
    const resolver = new FrameworkResolver({ roots, folders: config.frameworks, confineTo: this.trusted ? undefined : roots, documents: this.documentsByPath, maxFileSize: this.maxFileSize(filePath) });
    this.resolvers.set(key, { generation: this.frameworkGeneration, resolver });
    return resolver;
  }

  private maxFileSize(filePath: string): number {
    return this.settingsFor(filePath).maxFileSize ?? this.configFor(filePath).maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  }

  private selected(filePath: string): boolean {
    if (filePath.startsWith(BUILTIN_PREFIX)) return true;
    const root = this.roots.find((r) => !path.relative(r, filePath).startsWith('..'));
    if (!root) return true;
    const config = this.configFor(filePath);
    const relative = (base: string) => path.relative(base, filePath).split(path.sep).join('/');
    const settings = this.settingsFor(filePath);
    if (settings.exclude.length && picomatch.isMatch(relative(root), settings.exclude, { dot: true })) return false;
    if (settings.include.length && !picomatch.isMatch(relative(root), settings.include, { dot: true })) return false;
    if (config.exclude.length && picomatch.isMatch(relative(config.dir), config.exclude, { dot: true })) return false;
    return !(config.include.length && !picomatch.isMatch(relative(config.dir), config.include, { dot: true }));
  }

  private configFor(filePath: string): Config {
    if (!filePath || filePath.startsWith(BUILTIN_PREFIX) || !path.isAbsolute(filePath)) return emptyConfig(this.roots[0] ?? '/');
    const found = this.configFinder.find(path.dirname(filePath));
    if (!found) return emptyConfig(this.roots[0] ?? path.dirname(filePath));
    return this.configs.get(found) ?? this.loadConfig(found);
  }

  private loadConfig(configPath: string): Config {
    let config: Config;
    try {
      config = readConfig(configPath, true);
    } catch (error) {
      this.configProblems.set(configPath, (error as Error).message);
      config = emptyConfig(path.dirname(configPath));
    }
    this.configs.set(configPath, config);
    return config;
  }
}
