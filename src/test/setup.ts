import '@testing-library/jest-dom/vitest';

// Mantine reads matchMedia for colour scheme and responsive hooks; jsdom has none (the
// property may exist without being a function, so test what it is, not whether it is there).
if (typeof window !== 'undefined' && typeof Reflect.get(window, 'matchMedia') !== 'function') {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }),
  });
}

// Mantine's SegmentedControl measures itself with ResizeObserver; jsdom has none.
if (typeof window !== 'undefined' && typeof Reflect.get(window, 'ResizeObserver') !== 'function') {
  class NoopResizeObserver {
    observe(): void {
      // jsdom does no layout: nothing ever resizes.
    }
    unobserve(): void {
      // Nothing observed.
    }
    disconnect(): void {
      // Nothing observed.
    }
  }
  Object.defineProperty(window, 'ResizeObserver', { writable: true, value: NoopResizeObserver });
}

// jsdom does no layout: every box measures 0 × 0, and a virtualized grid would render no row.
// A window-sized box stands in, as a browser would give the grid's scroller.
if (typeof window !== 'undefined') {
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
    configurable: true,
    get: () => 1400,
  });
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get: () => 800,
  });
}

// jsdom does no layout, so it has no scrollIntoView; the grid scrolls a found region into view.
if (
  typeof window !== 'undefined' &&
  typeof Reflect.get(Element.prototype, 'scrollIntoView') !== 'function'
) {
  Object.defineProperty(Element.prototype, 'scrollIntoView', {
    writable: true,
    value: () => undefined,
  });
}

// The URL holds the page and the open table (src/app/router.tsx); each test starts from a clean one.
if (typeof window !== 'undefined') {
  const { beforeEach } = await import('vitest');
  beforeEach(() => {
    window.history.replaceState(null, '', '/');
  });
}
