import type { Cancellation } from './workspace.js';

/** How long one slice of long work may hold the event loop: well under a keystroke's latency budget. */
export const SLICE_MS = 8;

/** Lets the connection handle what is queued (a keystroke, a request) before work goes on. */
export function yieldTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Runs `work` on each item, yielding to the event loop whenever a slice has run `SLICE_MS`, so that a long
 * batch (a git checkout's file events, a workspace of diagnostics) does not hold up an open document's
 * requests. Returns false when cancelled before the end.
 */
export async function inSlices<T>(items: Iterable<T>, work: (item: T) => void, token?: Cancellation): Promise<boolean> {
  let sliceStarted = performance.now();
  for (const item of items) {
    if (token?.isCancellationRequested) return false;
    work(item);
    if (performance.now() - sliceStarted >= SLICE_MS) {
      await yieldTurn();
      sliceStarted = performance.now();
    }
  }
  return !token?.isCancellationRequested;
}

/** Long work written as a generator that yields between items (between plans, say). */
export type SlicedWork<T> = Generator<void, T, void>;

/** Runs sliced work to its end at once: what tests and in-process callers want. */
export function runToEnd<T>(work: SlicedWork<T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

/**
 * Runs sliced work in slices of SLICE_MS, letting queued messages (a keystroke, a `$/cancelRequest`) in between.
 * Returns undefined when cancelled before the end: the rest of the work is never done.
 */
export async function runInSlices<T>(work: SlicedWork<T>, token?: Cancellation): Promise<{ value: T } | undefined> {
  let sliceStarted = performance.now();
  for (;;) {
    if (token?.isCancellationRequested) return undefined;
    const step = work.next();
    if (step.done) return { value: step.value };
    if (performance.now() - sliceStarted >= SLICE_MS) {
      await yieldTurn();
      sliceStarted = performance.now();
    }
  }
}
