import { isConfigUri, type Cancellation, type DiskChange, type WorkspaceIndex } from './workspace.js';
import { inSlices } from './slices.js';

/** A watched-file event, its URI already the index's key. */
export interface FileEvent {
  key: string;
  deleted: boolean;
}

/**
 * Applies a batch of file events: files are read in slices (a `git checkout` sends a thousand), then what the
 * batch means for other plans is worked out in one pass. Returns the documents whose diagnostics may have
 * changed. A config file's event re-reads settings, which concerns every document.
 */
export async function applyFileEvents(index: WorkspaceIndex, events: readonly FileEvent[], token?: Cancellation): Promise<string[]> {
  const affected = new Set<string>();
  const changes: DiskChange[] = [];
  // The last event of a file is the one that counts (created then deleted in one batch: deleted).
  const last = new Map(events.map((event) => [event.key, event]));
  for (const event of last.values()) if (isConfigUri(event.key)) for (const key of index.diskChanged(event.key, event.deleted)) affected.add(key);
  await inSlices([...last.values()].filter((event) => !isConfigUri(event.key)), (event) => {
    const change = index.readDiskChange(event.key, event.deleted);
    if (change) changes.push(change);
  }, token);
  for (const key of index.settleDiskChanges(changes)) affected.add(key);
  return [...affected];
}

/**
 * Batches of file events, applied one after another in the order they came: a batch still being read when the
 * next arrives is finished first. `idle` resolves once every batch so far is applied, which requests about the
 * whole workspace wait for.
 */
export class FileEventQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly index: WorkspaceIndex, private readonly applied: (affected: string[]) => void | Promise<void>, private readonly failed: (error: Error) => void) {}

  push(events: readonly FileEvent[]): void {
    this.tail = this.tail.then(async () => {
      try {
        await this.applied(await applyFileEvents(this.index, events));
      } catch (error) {
        this.failed(error as Error);
      }
    });
  }

  idle(): Promise<void> {
    return this.tail;
  }
}
