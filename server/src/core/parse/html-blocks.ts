/**
 * CommonMark's HTML blocks (spec 0.31.2, section 4.6): nothing inside one is Markdown, so a fence there is not a
 * block. Each kind ends on the line that holds its end marker, or, for the last two kinds, before a blank line.
 */
export type HtmlBlockEnd = 'raw' | 'comment' | 'instruction' | 'declaration' | 'cdata' | 'blank';

const BLOCK_TAG = /^<\/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:[ \t]|\/?>|$)/i;

/** A whole open or closing tag, alone on its line: attribute names, then unquoted, 'single' or "double" values. */
const LONE_TAG = /^(?:<[A-Za-z][A-Za-z0-9-]*(?:[ \t]+[A-Za-z_:][A-Za-z0-9_.:-]*(?:[ \t]*=[ \t]*(?:[^"'=<>`\x00-\x20]+|'[^']*'|"[^"]*"))?)*[ \t]*\/?>|<\/[A-Za-z][A-Za-z0-9-]*[ \t]*>)[ \t]*$/;

/**
 * The HTML block a line starts (`line` from its first non-space character), or undefined. A lone tag of any
 * other name starts one only where it would not continue a paragraph.
 */
export function htmlBlockStart(line: string, afterParagraph: boolean): HtmlBlockEnd | undefined {
  if (line.charCodeAt(0) !== 60 /* < */) return undefined;
  if (/^<(?:script|pre|textarea|style)(?:[ \t>]|$)/i.test(line)) return 'raw';
  if (line.startsWith('<!--')) return 'comment';
  if (line.startsWith('<?')) return 'instruction';
  if (/^<![A-Za-z]/.test(line)) return 'declaration';
  if (line.startsWith('<![CDATA[')) return 'cdata';
  if (BLOCK_TAG.test(line)) return 'blank';
  if (!afterParagraph && LONE_TAG.test(line)) return 'blank';
  return undefined;
}

/** Whether a line (the whole of it, the opening line too) ends an HTML block that ends at a marker. */
export function endsHtmlBlock(end: Exclude<HtmlBlockEnd, 'blank'>, line: string): boolean {
  switch (end) {
    case 'raw':
      return /<\/(?:script|pre|textarea|style)>/i.test(line);
    case 'comment':
      return line.includes('-->');
    case 'instruction':
      return line.includes('?>');
    case 'declaration':
      return line.includes('>');
    case 'cdata':
      return line.includes(']]>');
  }
}
