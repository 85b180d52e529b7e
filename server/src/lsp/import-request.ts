import path from 'node:path';
import { Writable } from 'node:stream';
import type { Connection } from 'vscode-languageserver/node';

/** What the client asks `cplan/import` for: a tracker on disk and the options `cplan import` takes. */
export interface ImportParams {
  tracker: string;
  framework?: string;
  period?: string;
  title?: string;
  organisation?: string;
  asOf?: string;
}

/**
 * The answer: the plan's text (not written anywhere: the editor opens it), what `cplan import` printed (the
 * column mapping, the summary, the cells not understood, the lint) and its exit code; `text` is absent when
 * nothing could be imported, and then `log` says why.
 */
export interface ImportResult {
  text?: string;
  log: string;
  exitCode: number;
}

const OPTIONS: [keyof ImportParams, string][] = [['framework', '--framework'], ['period', '--period'], ['title', '--title'], ['organisation', '--organisation'], ['asOf', '--as-of']];

function collector(): { stream: Writable; text: () => string } {
  const parts: string[] = [];
  const stream = new Writable({ write(chunk, _encoding, done) { parts.push(String(chunk)); done(); } });
  return { stream, text: () => parts.join('') };
}

/**
 * `cplan/import`: the CLI's `cplan import --dry-run`, run in the server so that the extension stays small;
 * exceljs and csv-parse load (dist/import.mjs) only at the first import.
 */
export function registerImportRequest(connection: Connection): void {
  connection.onRequest('cplan/import', async (params: ImportParams): Promise<ImportResult> => {
    if (!params || typeof params.tracker !== 'string' || !path.isAbsolute(params.tracker)) {
      return { log: 'cplan: cplan/import needs the absolute path of a tracker (.xlsx, .csv or .tsv) as `tracker`', exitCode: 2 };
    }
    const argv = [params.tracker, '--dry-run'];
    for (const [key, flag] of OPTIONS) {
      const value = params[key];
      if (typeof value === 'string' && value) argv.push(flag, value);
    }
    const out = collector();
    const err = collector();
    const { runImport } = await import('../cli/import-command.js');
    const exitCode = await runImport(argv, out.stream, err.stream);
    const text = out.text();
    return { text: exitCode === 2 || !text ? undefined : text, log: err.text(), exitCode };
  });
}
