export * from './data.js';
export { renderHtml, escapeHtml, markerSvg, type HtmlOptions } from './html.js';
export { renderMarkdown, type MarkdownOptions } from './markdown.js';
