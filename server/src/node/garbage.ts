import v8 from 'node:v8';
import vm from 'node:vm';

let collect: (() => void) | null | undefined;

/**
 * A full garbage collection now, where the runtime lets one be asked for (V8 gives `gc` to a new context once
 * `--expose-gc` is set, as jest's leak detector asks for it); false where it does not.
 */
export function collectGarbage(): boolean {
  if (collect === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  collect?.();
  return !!collect;
}

/**
 * Indexing or linting thousands of plans leaves a heap several times the size of what stays live. V8 gives that
 * memory back only when its memory reducer runs, a minute or more into idleness, as collections of a second or
 * more in the middle of the user's quiet time. After such a burst of work, collect once as soon as the server
 * is quiet instead: the memory comes back at once and the idle editor stays idle.
 */
export class CollectAfterBursts {
  private timer?: NodeJS.Timeout;
  private collectedAt = 0;

  /** `work` counts what makes garbage (documents parsed); `threshold` of it since the last collection is a burst. */
  constructor(private readonly work: () => number, private readonly threshold = 500, private readonly quietMs = 250) {
    // After a collection that shrank the heap, V8's memory reducer goes on to schedule up to three more, each as
    // costly as ours: with the heap already compact, one is enough.
    try {
      v8.setFlagsFromString('--memory-reducer-single-gc');
    } catch {
      // A runtime without the flag keeps its reducer as it is.
    }
  }

  /** Some work finished, or the user did something: a burst is collected `quietMs` after the last call. */
  touch(): void {
    if (this.work() - this.collectedAt < this.threshold) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.collectedAt = this.work();
      collectGarbage();
    }, this.quietMs);
    this.timer.unref();
  }
}
