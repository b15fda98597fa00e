/**
 * What the server pushes to browsers, per cluster: leader changes from the cluster poller,
 * and progress of migrations and plan runs from the MigrationTracker and PlanExecutor
 * (through `publish`). Each event is serialized once, however many streams receive it.
 * The events' schema is contract/push-events.ts, which the browser parses them with.
 */
import type { PushEvent } from '../../contract/push-events.ts';

export type { PushEvent } from '../../contract/push-events.ts';

/** Writes one Server-Sent Events frame to one stream. */
export type FrameWriter = (frame: string) => void;

/**
 * `event: <kind>` lets EventSource dispatch by kind; JSON.stringify escapes every newline,
 * so the data is always one `data:` line and cannot end the frame early.
 */
export function eventFrame(event: PushEvent): string {
  return `event: ${event.kind}\ndata: ${JSON.stringify(event)}\n\n`;
}

export class PushHub {
  private readonly writers = new Map<string, Set<FrameWriter>>();

  publish(clusterId: string, event: PushEvent): void {
    const writers = this.writers.get(clusterId);
    if (writers === undefined) return;
    let frame: string;
    try {
      frame = eventFrame(event);
    } catch (error) {
      // A record that cannot be serialized is a bug; the publisher (a migration being
      // followed) must go on, so it is logged and this event dropped.
      console.error(`push: a ${event.kind} event could not be serialized:`, error);
      return;
    }
    for (const write of writers) write(frame);
  }

  subscribe(clusterId: string, write: FrameWriter): () => void {
    const writers = this.writers.get(clusterId) ?? new Set<FrameWriter>();
    writers.add(write);
    this.writers.set(clusterId, writers);
    return () => {
      writers.delete(write);
      if (writers.size === 0 && this.writers.get(clusterId) === writers) {
        this.writers.delete(clusterId);
      }
    };
  }
}
