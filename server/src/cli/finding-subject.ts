import type { Span } from '../core/text.js';
import { entitiesOf, type Entity, type PlanDocument, type YamlPart } from '../core/model.js';

/** A YAML node in Markdown offsets; its extent starts at its key, so a key and its value count as one node. */
interface Node {
  pointer: string;
  start: number;
  end: number;
  value: Span;
  keyed: boolean;
}

const MAX_VALUE_TEXT = 80;

/**
 * What each finding of a document is about, in terms that survive edits elsewhere in the file: the entity
 * and the YAML path inside it (`milestone WS1-M2/due`, `workstream WS3/aims/=SA7`), else the part and path
 * (`front matter/framework`), else the text of the Markdown line. Fingerprints hash this instead of line
 * numbers, so that an alert keeps its identity while lines move and the review date changes.
 */
export function subjectsOf(document: PlanDocument): (span: Span) => string {
  const parts = document.frontMatter ? [document.frontMatter.part, ...document.blocks] : document.blocks;
  const trees = new Map<YamlPart, { children: Map<string, Node[]>; entities: Map<string, Entity> }>();
  const treeOf = (part: YamlPart) => {
    let tree = trees.get(part);
    if (!tree) {
      const children = new Map<string, Node[]>();
      for (const [pointer, location] of part.yaml.locations) {
        if (pointer === '') continue;
        const parent = pointer.slice(0, pointer.lastIndexOf('/'));
        const { key, value } = location;
        const node = { pointer, start: Math.min(key?.start ?? value.start, value.start), end: Math.max(key?.end ?? 0, value.end), value, keyed: !!key };
        const siblings = children.get(parent);
        if (siblings) siblings.push(node);
        else children.set(parent, [node]);
      }
      for (const siblings of children.values()) siblings.sort((a, b) => a.start - b.start);
      const entities = new Map(entitiesOf(document).filter((e) => e.part === part).map((e) => [e.pointer, e]));
      trees.set(part, (tree = { children, entities }));
    }
    return tree;
  };

  return (span) => {
    const part = parts.find((p) => p.region.span.start <= span.start && span.start < p.region.span.end);
    if (!part) return `line ${lineText(document, span.start)}`;
    const { children, entities } = treeOf(part);
    // Descend to the innermost node holding the finding's start, naming each step.
    const steps: { pointer: string; name: string }[] = [];
    for (let parent = ''; ; ) {
      const node = innermost(children.get(parent), span.start);
      if (!node) break;
      const segment = node.pointer.slice(parent.length + 1);
      const leafItem = !node.keyed && !children.has(node.pointer);
      steps.push({ pointer: node.pointer, name: leafItem ? `=${oneLine(document.text.slice(node.value.start, node.value.end))}` : segment });
      parent = node.pointer;
    }
    let from = 0;
    let head = part.region.kind === 'frontmatter' ? 'front matter' : `${part.region.blockType ?? 'yaml'} block ${blockNumber(document, part)}`;
    const root = entities.get('');
    if (root) head = `${root.kind} ${root.id}`;
    for (let i = steps.length - 1; i >= 0; i--) {
      const entity = entities.get(steps[i].pointer);
      if (entity) {
        head = `${entity.kind} ${entity.id}`;
        from = i + 1;
        break;
      }
    }
    return head + steps.slice(from).map((s) => `/${s.name}`).join('');
  };
}

/** The node among `siblings` (sorted by start) whose extent holds `offset`. */
function innermost(siblings: Node[] | undefined, offset: number): Node | undefined {
  if (!siblings) return undefined;
  let low = 0;
  let high = siblings.length - 1;
  let found: Node | undefined;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (siblings[mid].start <= offset) {
      found = siblings[mid];
      low = mid + 1;
    } else high = mid - 1;
  }
  return found && offset <= found.end ? found : undefined;
}

function oneLine(text: string): string {
  const line = text.trim().replace(/\s+/g, ' ');
  return line.length > MAX_VALUE_TEXT ? line.slice(0, MAX_VALUE_TEXT) : line;
}

/** The part's number among the blocks of its type: what names a block that defines no entity. */
function blockNumber(document: PlanDocument, part: YamlPart): number {
  return document.blocks.filter((b) => b.region.blockType === part.region.blockType).indexOf(part) + 1;
}

function lineText(document: PlanDocument, offset: number): string {
  const line = document.lines.positionAt(offset).line;
  const start = document.lines.lineStarts[line] ?? 0;
  const end = document.lines.lineStarts[line + 1] ?? document.text.length;
  return oneLine(document.text.slice(start, end));
}
