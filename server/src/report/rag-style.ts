/**
 * How a RAG rating is written in every report: a word and a glyph whose shape differs, so that a grey print or a
 * reader who does not see colour still tells the ratings apart.
 */
import type { RagValue } from '../core/model.js';
import type { ReportRag } from './data.js';

export const RAG_STYLE: Record<RagValue, { text: string; glyph: string }> = {
  red: { text: 'Red', glyph: '■' },
  amber: { text: 'Amber', glyph: '▲' },
  green: { text: 'Green', glyph: '●' },
  blue: { text: 'Blue (complete)', glyph: '✔' },
};

/** `■ Red`, `● Green (override; computed ■ Red)`, or `not rated`. */
export function ragText(rag: ReportRag): string {
  if (!rag.value) return 'not rated';
  const shown = `${RAG_STYLE[rag.value].glyph} ${RAG_STYLE[rag.value].text}`;
  if (rag.overrideReason === undefined) return shown;
  return `${shown} (override; computed ${rag.computed ? `${RAG_STYLE[rag.computed].glyph} ${RAG_STYLE[rag.computed].text}` : 'none'})`;
}

export const isException = (rag: ReportRag) => rag.value === 'red' || rag.value === 'amber';
