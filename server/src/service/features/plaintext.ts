import { MarkupKind, type MarkupContent } from 'vscode-languageserver';

const ESCAPABLE = /[!-/:-@[-`{-~]/;
/** `[text](target)`, the text possibly holding code spans and escapes. */
const LINK = /^\[((?:\\.|`[^`]*`|[^\]\\`])*)\]\(([^()\s]*)\)/;

/**
 * The Markdown the features write (bold, code spans, links, backslash escapes), as plain text for clients that
 * show no Markdown: the words stay, the markup goes. Web links keep their address, links into the workspace
 * only their text.
 */
export function plaintextOf(markdown: string): string {
  let out = '';
  let i = 0;
  while (i < markdown.length) {
    const c = markdown[i];
    if (c === '`') {
      const fence = /^`+/.exec(markdown.slice(i))![0];
      const close = closingRun(markdown, i + fence.length, fence.length);
      if (close >= 0) {
        const code = markdown.slice(i + fence.length, close);
        out += code.length > 2 && code.startsWith(' ') && code.endsWith(' ') ? code.slice(1, -1) : code;
        i = close + fence.length;
      } else {
        out += fence;
        i += fence.length;
      }
    } else if (c === '\\' && ESCAPABLE.test(markdown[i + 1] ?? '')) {
      out += markdown[i + 1];
      i += 2;
    } else if (markdown.startsWith('**', i)) {
      i += 2;
    } else if (c === '[' && LINK.test(markdown.slice(i))) {
      const [whole, text, target] = LINK.exec(markdown.slice(i))!;
      out += plaintextOf(text) + (/^https?:/.test(target) ? ` (${target})` : '');
      i += whole.length;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Where the next run of exactly `length` backticks starts, or -1. */
function closingRun(text: string, from: number, length: number): number {
  for (let i = text.indexOf('`', from); i >= 0; i = text.indexOf('`', i)) {
    let end = i;
    while (text[end] === '`') end++;
    if (end - i === length) return i;
    i = end;
  }
  return -1;
}

/** Markdown for clients that take it, else the same as plain text. */
export function markup(markdown: string, asMarkdown: boolean): MarkupContent {
  return asMarkdown ? { kind: MarkupKind.Markdown, value: markdown } : { kind: MarkupKind.PlainText, value: plaintextOf(markdown) };
}
