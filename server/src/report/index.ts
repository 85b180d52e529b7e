export * from './data.js';
export { renderHtml, type HtmlOptions } from './html.js';
export { escapeHtml, markerSvg, markerTitle, renderMatrix, renderTimeline, PICTURE_CSS, type PictureOptions, type TimelineOptions } from './pictures.js';
export { EDITOR_PALETTE, PRINT_PALETTE, paletteCss, type Palette } from './palettes.js';
export { renderMarkdown, type MarkdownOptions } from './markdown.js';
