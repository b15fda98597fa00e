/**
 * Who currently wants something polled: every holder takes a hold and gives it back exactly
 * once. A count per key rather than a set of holders, because 50 tabs viewing one table are
 * one route to poll; the key is dropped when its last holder lets go.
 */

/** Gives a hold back; calling it again does nothing, so a double close cannot steal another's hold. */
export type Release = () => void;

export class RefCounts<K> {
  private readonly counts = new Map<K, number>();

  constructor(private readonly onChange: () => void) {}

  retain(key: K): Release {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.onChange();
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left === 0) this.counts.delete(key);
      else this.counts.set(key, left);
      this.onChange();
    };
  }

  has(key: K): boolean {
    return this.counts.has(key);
  }

  keys(): K[] {
    return [...this.counts.keys()];
  }
}
