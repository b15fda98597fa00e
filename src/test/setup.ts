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
