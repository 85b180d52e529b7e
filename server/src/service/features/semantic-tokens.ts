import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend } from 'vscode-languageserver';
import { entitiesOf } from '../../core/model.js';
import type { Span } from '../../core/text.js';
import { refsOf } from '../locate.js';
import type { LinkedFile } from './linked-file.js';
import { isBuiltin } from './navigation.js';

const TOKEN_TYPES = ['variable', 'type', 'number', 'enumMember'] as const;
const TOKEN_MODIFIERS = ['declaration', 'defaultLibrary'] as const;

export const SEMANTIC_TOKEN_LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

type TokenType = (typeof TOKEN_TYPES)[number];
type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

interface Token {
  span: Span;
  type: TokenType;
  modifiers: TokenModifier[];
}

/**
 * Entity ids where they are defined (variable + declaration) and referenced (variable; + defaultLibrary when
 * the entity comes from a built-in framework), valid periods and dates (number), and the resolved `framework:`
 * value (type). Multi-line values are left out: a token must sit on one line.
 */
export function semanticTokens(file: LinkedFile): SemanticTokens {
  const document = file.document;
  const tokens: Token[] = [];
  if (document.kind) {
    for (const entity of entitiesOf(document)) tokens.push({ span: entity.idSpan, type: 'variable', modifiers: ['declaration'] });
    for (const ref of refsOf(document)) {
      const entity = file.linked.resolve(ref);
      tokens.push({ span: ref.span, type: 'variable', modifiers: entity && isBuiltin(entity.document) ? ['defaultLibrary'] : [] });
    }
    for (const field of document.periods) if (field.result.ok) tokens.push({ span: field.span, type: 'number', modifiers: [] });
    for (const field of document.dates) if (field.day !== undefined) tokens.push({ span: field.span, type: 'number', modifiers: [] });
    const period = document.frontMatter?.period;
    if (period && document.period) tokens.push({ span: period.span, type: 'number', modifiers: [] });
    const framework = document.frontMatter?.framework;
    const resolution = file.linked.frameworkResolution;
    if (framework && resolution?.ok) tokens.push({ span: framework.span, type: 'type', modifiers: isBuiltin(resolution.document) ? ['defaultLibrary'] : [] });
  }
  return encode(file, tokens);
}

function encode(file: LinkedFile, tokens: Token[]): SemanticTokens {
  const lines = file.document.lines;
  const builder = new SemanticTokensBuilder();
  let end = 0;
  for (const token of tokens.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end)) {
    const { span } = token;
    if (span.end <= span.start || span.start < end) continue;
    const start = lines.positionAt(span.start);
    if (lines.positionAt(span.end).line !== start.line) continue;
    const modifiers = token.modifiers.reduce((bits, m) => bits | (1 << TOKEN_MODIFIERS.indexOf(m)), 0);
    builder.push(start.line, start.character, span.end - span.start, TOKEN_TYPES.indexOf(token.type), modifiers);
    end = span.end;
  }
  return builder.build();
}
