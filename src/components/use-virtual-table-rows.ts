import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

/** Rows of a fixed height, so the virtualizer never has to measure one. */
export const VIRTUAL_ROW_HEIGHT = 36;
/** The scroller's height: ten rows and the header. */
export const VIRTUAL_LIST_HEIGHT = 400;

/**
 * Virtualized rows for a real `<table>` inside a scroller: only the rows in view (and a few
 * around them) are rendered, and two spacer rows keep the scroll height. Used by the lists of
 * moves, which can hold tens of thousands, and the overview's table list.
 */
export function useVirtualTableRows(count: number, keyOf: (index: number) => string | number) {
  const scrollerRef = useRef<HTMLDivElement>(null);
  // Virtualizer instances are not memoizable; the table re-renders on scroll anyway.
  // eslint-disable-next-line react-hooks/incompatible-library
  const rows = useVirtualizer({
    count,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => VIRTUAL_ROW_HEIGHT,
    getItemKey: keyOf,
    overscan: 10,
    initialRect: { width: 0, height: VIRTUAL_LIST_HEIGHT },
  });
  const items = rows.getVirtualItems();
  return {
    scrollerRef,
    items,
    paddingTop: items[0]?.start ?? 0,
    paddingBottom: rows.getTotalSize() - (items.at(-1)?.end ?? 0),
  };
}
