import type { CodeAction } from 'vscode-languageserver';
import type { PlanDocument, Workstream, YamlPart } from '../../../core/model.js';
import { refListOf } from '../../../core/format/safe-fixes.js';
import { isBroken, quickFix, valueAt, type Fix } from './fix.js';
import { indentOf, insertAfterKey, insertLinesAfter, isFlow, lastContentLine, replaceScalar, setValue, type Edit } from './yaml-edits.js';

/**
 * unknown-aim, unknown-priority, unknown-workstream, dependency-late (an unknown id): one action per plausible id
 * that its list does not name already. Only a single plausible id is preferred: with several, picking one is the
 * author's call.
 */
export const changeReference: Fix = (context) => {
  const suggestions = context.diagnostic.data?.suggestions;
  if (!Array.isArray(suggestions)) return [];
  const listed = new Set(refListOf(context.document, context.diagnostic.span)?.map((ref) => ref.id));
  return suggestions
    .filter((s): s is string => typeof s === 'string' && !listed.has(s))
    .map((id) => quickFix(context, `Change to \`${id}\``, [replaceScalar(context.document, context.diagnostic.span, id)], suggestions.length === 1));
};

/** aim-without-workstream: offers to link the aim from each workstream of the plan. */
export const linkAim: Fix = (context) => {
  const aim = context.diagnostic.data?.aim;
  if (typeof aim !== 'string') return [];
  const actions: CodeAction[] = [];
  for (const workstream of context.document.workstreams) {
    if (isBroken(workstream.part) || workstream.aims?.some((ref) => ref.id === aim)) continue;
    const edit = addAim(context.document, workstream, aim);
    if (edit) actions.push(quickFix(context, `Add \`${aim}\` to \`${workstream.id}\`'s aims`, [edit], actions.length === 0));
  }
  return actions;
};

function addAim(document: PlanDocument, workstream: Workstream, aim: string): Edit | undefined {
  const pointer = `${workstream.pointer}/aims`;
  const { locations } = workstream.part.yaml;
  if (!locations.get(pointer)) {
    const after = locations.get(`${workstream.pointer}/title`) ?? locations.get(`${workstream.pointer}/id`);
    return after?.key ? insertAfterKey(document, workstream.part, workstream.span, { ...after, key: after.key }, [['aims', `[${aim}]`]]) : undefined;
  }
  return appendToList(document, workstream.part, pointer, aim);
}

/** aim-not-adopted: the workstream already links the aim, so adopting it in the front matter claims nothing new. */
export const adoptAim: Fix = (context) => {
  const aim = context.diagnostic.data?.aim;
  const part = context.document.frontMatter?.part;
  if (typeof aim !== 'string' || !part || isBroken(part) || context.document.frontMatter?.aims?.some((ref) => ref.id === aim)) return [];
  const edit = appendToList(context.document, part, '/aims', aim);
  return edit ? [quickFix(context, `Adopt \`${aim}\`: add it to the front matter \`aims\``, [edit], true)] : [];
};

/** Adds an item at the end of the list at `pointer`: inside a flow list's brackets, or as a new `- item` line under the last one. */
function appendToList(document: PlanDocument, part: YamlPart, pointer: string, item: string): Edit | undefined {
  const list = part.yaml.locations.get(pointer);
  const items = valueAt(part, pointer);
  if (!list) return undefined;
  if (items === null) return setValue(document, list, `[${item}]`);
  if (!Array.isArray(items)) return undefined;
  const last = items.length ? part.yaml.locations.get(`${pointer}/${items.length - 1}`) : undefined;
  if (isFlow(document, list.value, '[')) {
    if (!last) return { start: list.value.start + 1, end: list.value.start + 1, text: item };
    const firstComma = document.text.indexOf(',', list.value.start);
    const separator = firstComma > 0 && firstComma < list.value.end && document.text[firstComma + 1] !== ' ' ? ',' : ', ';
    return { start: last.value.end, end: last.value.end, text: `${separator}${item}` };
  }
  if (!last) return undefined;
  // A new item goes under the last one, with the same indentation before its dash.
  const line = document.lines.positionAt(last.value.start).line;
  const lineStart = document.lines.lineStarts[line];
  const dash = document.text.lastIndexOf('-', last.value.start);
  if (dash < lineStart) return undefined;
  const indent = indentOf(document, part, { start: dash, end: dash });
  return insertLinesAfter(document, lastContentLine(document, part, last.value), [`${indent}- ${item}`]);
}
