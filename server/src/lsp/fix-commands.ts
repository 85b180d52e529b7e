import { ErrorCodes, LSPErrorCodes, ResponseError, type CodeAction, type Command, type Range } from 'vscode-languageserver/node';
import { codeActions } from '../service/features/code-actions.js';
import { fixAllActions } from '../service/features/fix-all.js';
import type { ServerContext } from './context.js';
import { rangeProblem } from './params.js';

/** The command a client without `CodeAction` literals runs to have the server apply a fix. */
export const APPLY_FIX = 'cplan.server.applyFix';

interface FixArguments {
  uri: string;
  /** The document's version when the fix was offered: a fix made for one text is wrong for the next. */
  version: number | null;
  range: Range;
  only?: string[];
  title: string;
}

/** Fixes as commands that name where they were asked for; the server recomputes the edit when one is run. */
export function asCommands(actions: CodeAction[], where: Omit<FixArguments, 'title'>): Command[] {
  return actions.filter((a) => a.edit).map((a) => ({ title: a.title, command: APPLY_FIX, arguments: [{ ...where, title: a.title } satisfies FixArguments] }));
}

export function registerFixCommands(context: ServerContext): void {
  context.connection.onExecuteCommand(async (params) => {
    if (params.command !== APPLY_FIX) throw new ResponseError(ErrorCodes.InvalidRequest, `Unknown command \`${params.command}\`; this server runs only \`${APPLY_FIX}\`.`);
    await context.ready();
    const fix = params.arguments?.[0] as Partial<FixArguments> | undefined;
    if (typeof fix?.uri !== 'string' || typeof fix.title !== 'string' || rangeProblem(fix.range, 'range')) {
      throw new ResponseError(ErrorCodes.InvalidParams, `\`${APPLY_FIX}\` takes the arguments of a command from \`textDocument/codeAction\`.`);
    }
    const file = context.index.get(context.uris.toKey(fix.uri));
    if (!file || file.version !== fix.version) {
      throw new ResponseError(LSPErrorCodes.ContentModified, `The document changed since the fix "${fix.title}" was offered; ask for the fixes again.`);
    }
    const linked = context.index.linkedFile(file.uri)!;
    const offered = [...codeActions(linked, fix.range as Range, [], fix.only, { snippetEdits: context.abilities().snippetEdits }), ...fixAllActions(linked, fix.only)];
    const action = offered.find((a) => a.title === fix.title && a.edit);
    if (!action?.edit) throw new ResponseError(LSPErrorCodes.ContentModified, `The fix "${fix.title}" no longer applies here; ask for the fixes again.`);
    const result = await context.connection.workspace.applyEdit({ label: action.title, edit: context.uris.outgoing(action.edit) });
    if (!result.applied) context.log(`cplan: the editor did not apply "${action.title}"${result.failureReason ? `: ${result.failureReason}` : ''}`);
    return null;
  });
}
