import { elementScroll, type Rect, type Virtualizer } from '@tanstack/react-virtual';

/**
 * TanStack Virtual options for a scroller whose virtualizer has an `initialRect`.
 *
 * By default a virtualizer, as it mounts, reads the scroller's size and scrolls it to its
 * offset. Both make the browser lay out the whole page inside React's commit, and the frame
 * then lays it out again to paint: ~15 ms on the way to a large table's first frame. With
 * an `initialRect` it can render before it knows its size, so here the size comes from
 * ResizeObserver (whose first report follows the browser's own layout), and a virtualizer's
 * first write, of offset 0 to the scroller it has just mounted (at 0 already), is left out.
 */
export const WITHOUT_FORCED_LAYOUT = {
  observeElementRect: (
    instance: Virtualizer<HTMLDivElement, Element>,
    onRect: (rect: Rect) => void,
  ): (() => void) | undefined => {
    const element = instance.scrollElement;
    if (element === null) return undefined;
    const observer = new ResizeObserver(() => {
      onRect({ width: element.clientWidth, height: element.clientHeight });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  },
  scrollToFn: (
    offset: number,
    options: { adjustments?: number; behavior?: ScrollBehavior },
    instance: Virtualizer<HTMLDivElement, Element>,
  ): void => {
    const isFirstWrite = !writers.has(instance);
    writers.add(instance);
    if (isFirstWrite && offset + (options.adjustments ?? 0) === 0) return;
    elementScroll(offset, options, instance);
  },
};

/** Virtualizers that have written an offset (each mounts with the scroller it renders). */
const writers = new WeakSet<Virtualizer<HTMLDivElement, Element>>();
