import type { PlanDocument } from '../core/model.js';
import type { FrameworkResolution } from '../core/rules/rule.js';

interface Resolved {
  /** The plan's `framework:` value and path: what resolving it depends on, besides the generation. */
  reference: string | undefined;
  path: string;
  generation: number;
  resolution: FrameworkResolution | undefined;
}

/**
 * How each plan's `framework:` resolved, and the inverse, framework path -> the plans that resolved to it,
 * so that "which plans see this aim" costs the plans that use that framework rather than every file times a
 * resolve. An entry is current for its generation; after a generation bump the index is complete again once
 * every plan has been resolved anew (`isComplete`).
 */
export class FrameworkUsers {
  private readonly byPlan = new Map<string, Resolved>();
  private readonly byFramework = new Map<string, Set<string>>();
  /** The generation at which every plan of the index had been resolved. */
  private completeAt = -1;

  /** The cached resolution of a plan, when it is for this reference, path and generation. */
  cached(uri: string, reference: string | undefined, path: string, generation: number): { resolution: FrameworkResolution | undefined } | undefined {
    const entry = this.byPlan.get(uri);
    return entry && entry.generation === generation && entry.reference === reference && entry.path === path ? entry : undefined;
  }

  record(uri: string, entry: Resolved): void {
    this.unlink(uri);
    this.byPlan.set(uri, entry);
    const target = entry.resolution?.ok ? entry.resolution.document.path : undefined;
    if (target === undefined) return;
    let users = this.byFramework.get(target);
    if (!users) this.byFramework.set(target, (users = new Set()));
    users.add(uri);
  }

  forget(uri: string): void {
    this.unlink(uri);
    this.byPlan.delete(uri);
  }

  /** Plans whose framework did not resolve, or resolved to a file at one of these paths: what files coming or going can change. */
  unresolvedOrUsing(paths: ReadonlySet<string>): string[] {
    const found: string[] = [];
    for (const [uri, { resolution }] of this.byPlan) if (resolution && (!resolution.ok || paths.has(resolution.document.path))) found.push(uri);
    return found;
  }

  /** Plans whose last resolution, current or not, is the framework at this path. */
  usersOf(frameworkPath: string): readonly string[] {
    return [...(this.byFramework.get(frameworkPath) ?? [])];
  }

  isComplete(generation: number): boolean {
    return this.completeAt === generation;
  }

  markComplete(generation: number): void {
    this.completeAt = generation;
  }

  /**
   * A framework got a new text at the same path with the same id: every plan that resolved to the old text
   * resolves to the new one, and nothing else can have changed, so no plan resolves again. Returns those plans.
   */
  replace(before: PlanDocument, after: PlanDocument): string[] {
    const swapped: string[] = [];
    for (const uri of this.usersOf(before.path)) {
      const entry = this.byPlan.get(uri)!;
      if (entry.resolution?.ok && entry.resolution.document === before) {
        entry.resolution = { ok: true, document: after };
        swapped.push(uri);
      }
    }
    return swapped;
  }

  private unlink(uri: string): void {
    const entry = this.byPlan.get(uri);
    const target = entry?.resolution?.ok ? entry.resolution.document.path : undefined;
    if (target === undefined) return;
    const users = this.byFramework.get(target);
    users?.delete(uri);
    if (users?.size === 0) this.byFramework.delete(target);
  }
}
