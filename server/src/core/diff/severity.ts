/** How much each change matters to a reviewer, by default; `.cplanrc.yaml` `diff:` overrides by kind or gate name. */
import type { Change } from './index.js';

export type ChangeSeverity = 'error' | 'warning' | 'info';

/** Names `--fail-on` and `diff:` take besides the change kinds: the changes a board would question first. */
export const GATES = ['slipped', 'target-weakened', 'removed', 'aim-unserved'] as const;

export const CHANGE_KINDS = [
  'added', 'removed', 'renamed', 'due-moved', 'status-changed', 'target-changed', 'baseline-changed',
  'links-changed', 'aim-unserved', 'aim-served', 'field-changed', 'text-changed', 'finding-new', 'finding-fixed',
] as const;

export function isGate(name: string): boolean {
  return (GATES as readonly string[]).includes(name) || (CHANGE_KINDS as readonly string[]).includes(name);
}

/** Slipped milestones, weakened targets, dropped milestones, metrics and workstreams, aims left unserved: warnings. */
export function defaultSeverity(change: Omit<Change, 'severity'>): ChangeSeverity {
  if (change.kind === 'due-moved' && change.entity === 'milestone' && (change.quarters ?? 0) > 0) return 'warning';
  if (change.kind === 'target-changed' && change.weakened) return 'warning';
  if (change.kind === 'removed' && (change.entity === 'milestone' || change.entity === 'metric' || change.entity === 'workstream')) return 'warning';
  if (change.kind === 'aim-unserved') return 'warning';
  return 'info';
}
