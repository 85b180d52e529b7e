import { VERSION } from '../version.js';

const USAGE = `Usage: cplan-language-server --stdio | --node-ipc | --socket=N | --pipe=NAME [--clientProcessId=N]

The language server for NHS commissioning plans (Language Server Protocol).
Editors start it themselves; see the README for VS Code, Neovim and Emacs.

Options:
  --stdio               talk to the editor over standard input and output
  --node-ipc            talk over Node's IPC channel (the editor is a Node process, as VS Code)
  --socket=N            talk over a socket to the editor listening on port N
  --pipe=NAME           talk over the editor's named pipe or Unix socket NAME
  --clientProcessId=N   exit when the editor's process N ends
  -h, --help            show this help
  -v, --version         show the version`;

/** Arguments vscode-languageserver reads itself: the transport and the client's process id, `--x=v` or `--x v`. */
const TRANSPORT = /^--(stdio|node-ipc)$/;
const WITH_VALUE = /^--(socket|pipe|clientProcessId)(=.*)?$/;

/** What the arguments ask for: run the server, or print and exit (help, version, a mistake). */
export function readArguments(args: readonly string[]): { run: true } | { run: false; code: number; out?: string; err?: string } {
  if (args.some((a) => a === '--help' || a === '-h')) return { run: false, code: 0, out: USAGE + '\n' };
  if (args.some((a) => a === '--version' || a === '-v')) return { run: false, code: 0, out: VERSION + '\n' };
  let transport = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const valued = WITH_VALUE.exec(arg);
    if (TRANSPORT.test(arg)) transport = true;
    else if (valued) {
      const value = valued[2] !== undefined ? valued[2].slice(1) : args[++i];
      if (!value || ((valued[1] === 'socket' || valued[1] === 'clientProcessId') && !/^\d+$/.test(value))) {
        return { run: false, code: 2, err: `cplan-language-server: --${valued[1]} needs ${valued[1] === 'pipe' ? 'a pipe name' : 'a number'}, as in --${valued[1]}=${valued[1] === 'pipe' ? 'NAME' : 'N'}\n` };
      }
      if (valued[1] !== 'clientProcessId') transport = true;
    } else return { run: false, code: 2, err: `cplan-language-server: unknown argument \`${arg}\`; use --stdio, --node-ipc, --socket=N or --pipe=NAME (see --help)\n` };
  }
  if (!transport) return { run: false, code: 2, err: 'cplan-language-server: say how to talk to the editor: --stdio, --node-ipc, --socket=N or --pipe=NAME (see --help)\n' };
  return { run: true };
}
