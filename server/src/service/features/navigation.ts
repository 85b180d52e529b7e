import { ErrorCodes, ResponseError, type Location, type Position, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { Entity, PlanDocument } from '../../core/model.js';
import { entitiesOf } from '../../core/model.js';
import type { LineIndex, Span } from '../../core/text.js';
import { BUILTIN_PREFIX } from '../../core/builtin/index.js';
import { targetAt, type Target } from '../locate.js';
import { toRange } from '../convert.js';
import { uriOfPath } from '../uris.js';
import type { LinkedFile, WorkspaceQuery } from './linked-file.js';
import { runToEnd, type SlicedWork } from '../slices.js';
import { definesId, entityKey, referencesIn, textOf, type FileFacts } from '../file-facts.js';

/** What a location or an edit in a document reads of it. */
type DocumentText = { path: string; text: string; lines: LineIndex };

const ID_PATTERN = /^[A-Za-z][A-Za-z0-9._-]*$/;
/** Plain scalars the YAML core schema reads as null or booleans: written bare, they would stop being ids. */
const NOT_A_STRING = /^(?:null|true|false)$/i;

/** The span of a scalar without its quotes, when it is a quoted scalar. */
export function innerSpan(text: string, span: Span): Span {
  const first = text[span.start];
  if (span.end - span.start >= 2 && (first === '"' || first === "'") && text[span.end - 1] === first) return { start: span.start + 1, end: span.end - 1 };
  return span;
}

export function isBuiltin(document: PlanDocument): boolean {
  return document.path.startsWith(BUILTIN_PREFIX);
}

export function locationOf(document: DocumentText, span: Span): Location {
  return { uri: uriOfPath(document.path), range: toRange(document.lines, innerSpan(document.text, span)) };
}

export function targetAtPosition(file: LinkedFile, position: Position): Target | undefined {
  return targetAt(file.document, file.document.lines.offsetAt(position));
}

/** The entity whose id, or a reference to it, is under the cursor. */
export function entityAt(file: LinkedFile, position: Position): { entity: Entity; target: Target } | undefined {
  const target = targetAtPosition(file, position);
  if (!target) return undefined;
  const entity = target.kind === 'definition' ? target.entity : target.kind === 'reference' ? file.linked.resolve(target.ref) : undefined;
  return entity ? { entity, target } : undefined;
}

export function definition(file: LinkedFile, position: Position): Location[] | null {
  const target = targetAtPosition(file, position);
  if (!target) return null;
  if (target.kind === 'framework') {
    const resolution = file.linked.frameworkResolution;
    if (!resolution?.ok) return null;
    return [{ uri: uriOfPath(resolution.document.path), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }];
  }
  const entity = entityAt(file, position)?.entity;
  return entity ? [locationOf(entity.document, entity.idSpan)] : null;
}

export function references(file: LinkedFile, position: Position, workspace: WorkspaceQuery, includeDeclaration: boolean): Location[] {
  return runToEnd(referencesWork(file, position, workspace, includeDeclaration));
}

/** `references` as sliced work, one plan that sees the entity at a time, so that the server can cancel it. */
export function* referencesWork(file: LinkedFile, position: Position, workspace: WorkspaceQuery, includeDeclaration: boolean): SlicedWork<Location[]> {
  const found = entityAt(file, position);
  if (!found) return [];
  const { entity } = found;
  const locations = includeDeclaration ? [locationOf(entity.document, entity.idSpan)] : [];
  if (entity.kind === 'metric') return locations;
  const key = entityKey(entity);
  for (const seeing of workspace.seeing(entity.document)) {
    const spans = referencesIn(seeing, key);
    if (spans.length) {
      const document = textOf(seeing);
      for (const span of spans) locations.push(locationOf(document, span));
    }
    yield;
  }
  return locations;
}

function refuseBuiltin(entity: Entity): void {
  if (isBuiltin(entity.document)) {
    throw new ResponseError(ErrorCodes.InvalidRequest, `Built-in framework ids cannot be renamed: \`${entity.id}\` is defined by \`${entity.document.path}\`.`);
  }
}

export function prepareRename(file: LinkedFile, position: Position): { range: Range; placeholder: string } | null {
  const found = entityAt(file, position);
  if (!found) return null;
  refuseBuiltin(found.entity);
  return { range: toRange(file.document.lines, innerSpan(file.document.text, found.target.span)), placeholder: found.entity.id };
}

/** Replaces an id scalar, keeping its quotes, and quoting a bare name YAML would not read as text. */
function idEdit(document: DocumentText, span: Span, newName: string): TextEdit {
  const inner = innerSpan(document.text, span);
  const quoted = inner !== span;
  return { range: toRange(document.lines, inner), newText: !quoted && NOT_A_STRING.test(newName) ? `"${newName}"` : newName };
}

export function rename(file: LinkedFile, position: Position, newName: string, workspace: WorkspaceQuery): WorkspaceEdit | null {
  return runToEnd(renameWork(file, position, newName, workspace));
}

/** `rename` as sliced work, one plan that sees the entity at a time, so that the server can cancel it. */
export function* renameWork(file: LinkedFile, position: Position, newName: string, workspace: WorkspaceQuery): SlicedWork<WorkspaceEdit | null> {
  const found = entityAt(file, position);
  if (!found) return null;
  const { entity } = found;
  refuseBuiltin(entity);
  if (!ID_PATTERN.test(newName)) {
    throw new ResponseError(ErrorCodes.InvalidParams, `\`${newName}\` is not a valid id: an id starts with a letter and uses only letters, digits, \`.\`, \`_\` and \`-\`.`);
  }
  if (newName === entity.id) return { changes: {} };
  const seeing = workspace.seeing(entity.document);
  const taken = yield* whereDefined(newName, entity, seeing, workspace);
  if (taken) throw new ResponseError(ErrorCodes.InvalidParams, `\`${newName}\` is already defined in ${taken}; choose another id.`);

  const changes: Record<string, TextEdit[]> = {};
  const add = (document: DocumentText, span: Span) => {
    const uri = uriOfPath(document.path);
    (changes[uri] ??= []).push(idEdit(document, span, newName));
  };
  add(entity.document, entity.idSpan);
  const key = entityKey(entity);
  for (const file of seeing) {
    const spans = referencesIn(file, key);
    if (spans.length) {
      const document = textOf(file);
      for (const span of spans) add(document, span);
    }
    yield;
  }
  return { changes };
}

/** A document that already defines `id` and can see the entity (so the rename would create a duplicate), by name. */
function* whereDefined(id: string, entity: Entity, seeing: readonly FileFacts[], workspace: WorkspaceQuery): SlicedWork<string | undefined> {
  if (entitiesOf(entity.document).some((e) => e.id === id)) return nameOf(entity.document);
  // A plan's entity also sees its framework's aims and priorities.
  const framework = entity.document.kind === 'plan' ? workspace.fileOf(entity.document)?.linked.framework : undefined;
  if (framework && [...framework.aims, ...framework.priorities].some((e) => e.id === id)) return nameOf(framework);
  for (const file of seeing) {
    if (definesId(file, id)) return `\`${file.name}\``;
    yield;
  }
  return undefined;
}

function nameOf(document: PlanDocument): string {
  return `\`${document.frontMatter?.id?.value ?? document.path.split(/[\\/]/).pop()}\``;
}
