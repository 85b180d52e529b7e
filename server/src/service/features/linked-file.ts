import type { Diagnostic } from '../../core/lint.js';
import type { Linked } from '../../core/link.js';
import type { PlanDocument } from '../../core/model.js';
import type { FileFacts } from '../file-facts.js';

/**
 * One document as an editor feature sees it: its linked state (framework, settings, review date, definitions
 * and the facts derived from them) with the URI and version it is known by. Features are plain functions of
 * this and a position; whatever they say about the document comes from here, never from the workspace.
 */
export interface LinkedFile {
  readonly uri: string;
  /** File path for file URIs, else the URI. */
  readonly path: string;
  /** The open buffer's version; null for a file read from disk. */
  readonly version: number | null;
  readonly linked: Linked;
  /** `linked.document`, the document itself. */
  readonly document: PlanDocument;
  /** The document's diagnostics, linted once per linked state. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The facts about other documents that a feature may need, answered by the workspace's framework -> plans index.
 * What is asked of many documents at once is answered from their facts, which need no parse of a closed file.
 */
export interface WorkspaceQuery {
  /** The facts of the documents that can see the entities of a document: itself, then each plan whose framework it is. */
  seeing(document: PlanDocument): FileFacts[];
  /** The indexed document at this document's path (the one an entity found in another document belongs to). */
  fileOf(document: PlanDocument): LinkedFile | undefined;
  /** Every indexed plan and framework, linked: closed plans are parsed for it, so features that can, ask `allFacts`. */
  linkedFiles(): LinkedFile[];
  /** The facts of every indexed plan and framework, then of the frameworks they use that are not indexed (built-in ones). */
  allFacts(): FileFacts[];
  /**
   * A value derived from each indexed file's linked state (`undefined` values left out), kept per linked state
   * under `name`: worked out again only for files whose text, settings, review day or framework changed, so that
   * a closed plan is not parsed again each time. `reads: 'fingerprint'` when `derive` reads of the framework only
   * what its fingerprint holds (ids, kinds, titles, deadlines: see `frameworkFingerprint`), so that an edit of the
   * framework's prose keeps the values.
   */
  eachLinked<T>(name: string, derive: (file: LinkedFile) => T | undefined, reads?: 'fingerprint' | 'framework'): T[];
  /** The workspace folders: report paths are relative to them. */
  readonly workspaceRoots: readonly string[];
}

/** A linked file whose diagnostics are linted when first read, and kept: they belong to this linked state. */
export class LazyLinkedFile implements LinkedFile {
  #diagnostics?: readonly Diagnostic[];

  constructor(readonly uri: string, readonly path: string, readonly version: number | null, readonly linked: Linked, private readonly lint: () => readonly Diagnostic[]) {}

  get document(): PlanDocument {
    return this.linked.document;
  }

  get diagnostics(): readonly Diagnostic[] {
    return (this.#diagnostics ??= this.lint());
  }
}
