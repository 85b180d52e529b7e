import * as vscode from 'vscode';
import { parsePlanPeriod } from '../../server/src/core/periods.js';
import { slugify } from '../../server/src/core/strings.js';

export interface NewPlanAnswers {
  organisation: string;
  period: string;
  /** `builtin:...`, a relative path, or '' for none. */
  framework: string;
}

export function slugOf(text: string): string {
  return slugify(text) || 'plan';
}

/** The text of a new plan: front matter, one aim-serving workstream with a milestone and a metric to fill in. */
export function planTemplate(answers: NewPlanAnswers, today: string): string {
  const period = parsePlanPeriod(answers.period);
  const first = period.ok ? period.firstFinancialYear : Number(today.slice(0, 4));
  const fy = (year: number) => `${year}/${String((year + 1) % 100).padStart(2, '0')}`;
  const id = slugOf(`${answers.organisation} ${answers.period}`);
  const aims = answers.framework ? '[SA1]' : '[A1]';
  const ownAims = answers.framework ? '' : '```yaml aims\n- id: A1\n  title: Improve survival through earlier diagnosis\n```\n\n';
  return `---
kind: commissioning-plan
id: ${id}
title: ${answers.organisation} cancer commissioning plan ${answers.period}
organisation: ${answers.organisation}
period: ${answers.period}
${answers.framework ? `framework: ${answers.framework}\naims: [SA1]\n` : ''}status: draft
as_of: ${today}
---

# ${answers.organisation} cancer commissioning plan ${answers.period}

## Aims

${ownAims}## Workstream 1

\`\`\`yaml workstream
id: WS1
title: Faster diagnosis pathways
aims: ${aims}
lead: Cancer programme lead
status: not-started
milestones:
  - id: WS1-M1
    title: Pathway agreed with providers
    due: Q4 ${fy(first)}
    status: not-started
metrics:
  - id: WS1-K1
    title: 28-day Faster Diagnosis Standard
    unit: "%"
    baseline: {value: 75, period: ${fy(first - 1)}}
    target: {value: 80, due: Q4 ${fy(first)}}
    source: Cancer Waiting Times (CWT)
\`\`\`
`;
}

/** Asks for organisation, period and framework (or takes them as arguments, as tests do), writes the plan and opens it. */
export async function newPlan(answers?: Partial<NewPlanAnswers>): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showErrorMessage('Open a folder first: the new plan is saved in it.');
    return undefined;
  }
  const organisation = answers?.organisation ?? (await vscode.window.showInputBox({ title: 'New commissioning plan (1/3)', prompt: 'Commissioning organisation', placeHolder: 'North Central London Cancer Alliance', validateInput: (v) => (v.trim() ? undefined : 'Name the organisation') }));
  if (!organisation) return undefined;
  const period = answers?.period ?? (await vscode.window.showInputBox({ title: 'New commissioning plan (2/3)', prompt: 'NHS financial year(s) the plan covers', value: '2025/26', validateInput: (v) => { const r = parsePlanPeriod(v); return r.ok ? undefined : r.message; } }));
  if (!period) return undefined;
  const framework = answers?.framework ?? (await vscode.window.showQuickPick(
    [{ label: 'builtin:ncl-cancer-2023-28', description: 'NCL Cancer Alliance aims SA1-SA6 and the ADTDG priorities' }, { label: 'None', description: 'define the plan\'s own aims' }],
    { title: 'New commissioning plan (3/3)', placeHolder: 'Framework of aims and priorities' },
  ))?.label.replace(/^None$/, '');
  if (framework === undefined) return undefined;
  const today = new Date().toISOString().slice(0, 10);
  let uri = vscode.Uri.joinPath(folder.uri, `${slugOf(`${organisation} ${period}`)}.md`);
  for (let n = 2; await exists(uri); n++) uri = vscode.Uri.joinPath(folder.uri, `${slugOf(`${organisation} ${period}`)}-${n}.md`);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(planTemplate({ organisation, period, framework }, today), 'utf8'));
  await vscode.window.showTextDocument(uri);
  return uri;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
