import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import type { Root, RootContent } from 'mdast';

/** What CommonMark (remark) says a document's fences and front matter are: the reference the line scanner must agree with. */
export interface OracleFence {
  info: string;
  value: string;
  start: number;
}

export function remarkFences(text: string): { frontMatter?: string; fences: OracleFence[]; headings: { depth: number; start: number }[] } {
  const tree = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).parse(text) as Root;
  const result: ReturnType<typeof remarkFences> = { fences: [], headings: [] };
  const visit = (node: Root | RootContent) => {
    if (node.type === 'yaml' && node.position?.start.offset === 0) result.frontMatter = node.value;
    if (node.type === 'code' && node.position && /^(`{3,}|~{3,})/.test(text.slice(node.position.start.offset!, node.position.start.offset! + 3))) {
      result.fences.push({ info: [node.lang, node.meta].filter(Boolean).join(' '), value: node.value, start: node.position.start.offset! });
    }
    if (node.type === 'heading' && node.position) result.headings.push({ depth: node.depth, start: node.position.start.offset! });
    if ('children' in node) node.children.forEach(visit);
  };
  visit(tree);
  return result;
}
