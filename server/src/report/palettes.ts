/**
 * The colours of the report's pictures. The renderers paint with CSS classes that read these custom
 * properties, so one drawing serves two hosts: the printed report (NHS colours, fixed) and VS Code's
 * webviews (the editor's theme colours, which change with the theme).
 */
import { OVERDUE_COLOUR, STATUS_STYLE } from './data.js';

/** Custom property (without `--cplan-`) → CSS colour; both palettes name the same properties. */
export type Palette = Record<string, string>;

const statusColours = (colour: (status: string, printed: string) => string) =>
  Object.fromEntries(Object.entries(STATUS_STYLE).map(([status, style]) => [`st-${status}`, colour(status, style.colour)]));

/** NHS identity colours, for paper and the CLI's HTML. */
export const PRINT_PALETTE: Palette = {
  fg: '#212b32',
  muted: '#4c6272',
  surface: '#fff',
  band: '#f4f7f8',
  grid: '#d8dde0',
  'grid-strong': '#aeb7bd',
  head: '#f0f4f5',
  linked: '#007f3b',
  alert: OVERDUE_COLOUR,
  'alert-bg': '#fbe9e7',
  focus: '#ffb81c',
  overdue: OVERDUE_COLOUR,
  review: OVERDUE_COLOUR,
  ...statusColours((_, printed) => printed),
};

const vscode = (name: string, fallback?: string) => `var(--vscode-${name}${fallback ? `, ${fallback}` : ''})`;
const EDITOR_STATUS: Record<string, string> = {
  done: vscode('charts-green'),
  'on-track': vscode('charts-blue'),
  'at-risk': vscode('charts-orange'),
  'off-track': vscode('charts-purple'),
  'not-started': vscode('descriptionForeground'),
  dropped: vscode('disabledForeground', vscode('descriptionForeground')),
  unknown: vscode('descriptionForeground'),
};

/** VS Code's theme colours, which the workbench gives every webview as `--vscode-*` properties. */
export const EDITOR_PALETTE: Palette = {
  fg: vscode('editor-foreground'),
  muted: vscode('descriptionForeground'),
  surface: vscode('editor-background'),
  band: vscode('editorWidget-background'),
  grid: vscode('editorWidget-border', vscode('panel-border')),
  'grid-strong': vscode('descriptionForeground'),
  head: vscode('editorWidget-background'),
  linked: vscode('charts-green'),
  alert: vscode('errorForeground'),
  'alert-bg': vscode('inputValidation-errorBackground', 'transparent'),
  focus: vscode('focusBorder'),
  overdue: vscode('charts-red'),
  review: vscode('charts-red'),
  ...statusColours((status) => EDITOR_STATUS[status]),
};

/** `selector { --cplan-fg: ...; ... }` */
export function paletteCss(palette: Palette, selector = ':root'): string {
  return `${selector} { ${Object.entries(palette).map(([name, value]) => `--cplan-${name}: ${value};`).join(' ')} }`;
}
