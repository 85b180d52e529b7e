import { escapeHtml } from './pictures.js';
import { PRINT_PALETTE, paletteCss } from './palettes.js';

/**
 * The opening of every report page up to `<body`: one policy for all of them (nothing fetched, styles inline,
 * a script only when its hash is given), the print palette, then the page's own CSS.
 */
export function pageHead(title: string, css: string, scriptHash?: string): string {
  const scripts = scriptHash ? `; script-src 'sha256-${scriptHash}'` : '';
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:${scripts}">
<title>${escapeHtml(title)}</title>
<style>${paletteCss(PRINT_PALETTE)}
${css}</style>
</head>
`;
}
