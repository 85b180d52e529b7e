import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { dayFromIso } from '../../server/src/core/periods.js';
import { newPlan } from './new-plan.js';
import { importTracker } from './import-tracker.js';

export const LINT_TASK_TYPE = 'cplan';

/** `cplan lint` on the workspace as a task, using the CLI bundled in the extension: the same output as in CI. */
export function lintTask(context: vscode.ExtensionContext, folder: vscode.WorkspaceFolder): vscode.Task {
  const execution = new vscode.ProcessExecution(process.execPath, [context.asAbsolutePath('dist/cli.mjs'), 'lint', '--no-color', '.'], {
    cwd: folder.uri.fsPath,
    // Inside Electron, process.execPath is the editor; this makes it behave as plain Node.
    env: { ELECTRON_RUN_AS_NODE: '1' },
  });
  const task = new vscode.Task({ type: LINT_TASK_TYPE, task: 'lint' }, folder, 'lint workspace', 'cplan', execution, '$cplan');
  task.group = vscode.TaskGroup.Test;
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, clear: true };
  return task;
}

export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('cplan.newPlan', (answers?: { organisation?: string; period?: string; framework?: string }) => newPlan(answers)),
    vscode.commands.registerCommand('cplan.setReviewDate', async (date?: string) => {
      const value = date ?? (await vscode.window.showInputBox({
        title: 'Review date for overdue milestones',
        prompt: 'YYYY-MM-DD; leave empty to use each plan\'s as_of, then today',
        value: vscode.workspace.getConfiguration('cplan').get<string>('asOf', ''),
        validateInput: (v) => (!v || dayFromIso(v) !== undefined ? undefined : 'Write a real date as YYYY-MM-DD'),
      }));
      if (value === undefined) return;
      await vscode.workspace.getConfiguration('cplan').update('asOf', value, vscode.ConfigurationTarget.Workspace);
    }),
    vscode.commands.registerCommand('cplan.restartServer', () => client.restart()),
    vscode.commands.registerCommand('cplan.importTracker', (tracker?: unknown) => importTracker(client, tracker)),
    vscode.commands.registerCommand('cplan.lintWorkspace', async () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder) return undefined;
      return vscode.tasks.executeTask(lintTask(context, folder));
    }),
    vscode.tasks.registerTaskProvider(LINT_TASK_TYPE, {
      provideTasks: () => (vscode.workspace.workspaceFolders ?? []).map((folder) => lintTask(context, folder)),
      resolveTask: () => undefined,
    }),
  );
}
